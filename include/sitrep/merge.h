// Cross-report merging: the events that several articles extracted about one incident
// become one event that lists every article, source, claim and piece of evidence. The rule
// (docs/merge.md) is conservative, and it is a function of the set of reports only: the
// same reports give the same events in any order. The store applies it on every put; a
// batch job (e.g. over Dask partitions) applies it with MergeReports. Implemented by the
// merge stage (src/merge/): pure functions, no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sitrep/event.h"

namespace sitrep {

// The tolerances of the rule; the defaults are the documented rule.
struct MergeOptions {
  double same_place_km = 5.0;   // two exactly placed reports (geo_precision 1)
  double near_place_km = 25.0;  // when either says "near" (geo_precision 2)
  // Figures tell one story when the higher is at most twice the lower plus this slack
  // ("8 killed" and "5 killed" can be one attack; "1 killed" and "12 killed" cannot).
  int fatalities_slack = 3;
};

// Whether reports `a` and `b` may describe one incident, and why (for --explain and tests).
struct MergeVerdict {
  bool same = false;
  double score = 0;    // higher = closer match; pairs merge best first
  std::string reason;  // "same day, 0.0 km, same sub-type" or the first field that disagrees
};
MergeVerdict CompareReports(const Event& a, const Event& b, const MergeOptions& options = {});

// Reports that can ever merge share this key ("Syria|Daraa"); empty = never merges (no
// country or province). A batch job may partition by it and merge each part on its own:
// the result equals merging everything at once.
std::string MergeBlockKey(const Event& report);

// Groups reports into incidents: indices into `reports`, each group sorted, groups sorted by
// their first index. Order-independent: permuting the input permutes only the indices.
std::vector<std::vector<size_t>> ClusterReports(const std::vector<Event>& reports,
                                                const MergeOptions& options = {});

// The id a group of reports goes by: the report published first (then the smallest id), so
// a report that joins later never changes it.
const Event& IdHolder(const std::vector<const Event*>& reports);

// One event from the reports of one incident (at least one). One report comes back as it
// is. Several: the id holder's id; article_ids and sources united; every distinct claim
// kept with its source and article; fatalities best = the figure most reports give (ties:
// the lower), low/high = the lowest and highest figure any report or claim gives (UCDP
// GED's best/low/high); what, where and when from the report that agrees most with the
// others and is most precise; evidence of every report, tagged with its article; notes
// rewritten. Claims, evidence and associated actors come from the first
// kMaxDetailedReports reports in publication order (and the primary one): every report of
// any usual incident, and a bounded event for one that 1,000 outlets copied.
Event CombineReports(const std::vector<const Event*>& reports);
constexpr size_t kMaxDetailedReports = 20;

// Reports sorted by (published, event_id), unknown dates last: the order of article_ids,
// sources, claims and evidence.
std::vector<const Event*> InPublicationOrder(const std::vector<const Event*>& reports);
// The reports whose claims, evidence and notes CombineReports reads; the others may carry
// only the fields the rule compares, article_ids, sources, fatalities and injuries.
std::vector<const Event*> DetailedReports(const std::vector<const Event*>& reports);

// An id that no longer names an event of its own (ACLED's "deleted" list).
struct DeletedEvent {
  std::string event_id;
  std::string merged_into;  // the event that absorbed it; empty when it is gone
  int64_t deleted_at = 0;   // Unix seconds (set by the store)
};

struct MergeResult {
  std::vector<Event> events;          // sorted by (event_date, event_id)
  std::vector<DeletedEvent> deleted;  // every input id that is not an output id
};

// The whole rule over a set of reports (the events `sitrep extract` printed).
MergeResult MergeReports(const std::vector<Event>& reports, const MergeOptions& options = {});

}  // namespace sitrep
