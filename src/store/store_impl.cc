// The store's logic over any back end: replacing an article's reports, and merging them
// with the reports of other articles (docs/store.md, "How a put merges").
//
// The merged events are a function of the set of stored reports (sitrep/merge.h), so each
// put recomputes only the part of it that the changed reports can reach: starting from
// them, the reports that the merge rule says may be the same incident, and theirs, and so on
// (the candidates come from an index on province and date). Those reports are grouped again
// and every group that changed is combined and written.
#include <algorithm>
#include <ctime>
#include <deque>
#include <map>
#include <set>

#include "merge/merge_internal.h"
#include "sitrep/writer.h"
#include "store/backend.h"
#include "util/text.h"

namespace sitrep::store {

namespace {

// Reports one put may regroup at most: a bound on the work of one put should the merge rule
// ever chain very many reports together (docs/store.md).
constexpr size_t kMaxComponent = 20000;

// Unix seconds, strictly increasing within a process: changes of two puts in the same
// second still sort in order.
int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

std::string EventJson(Event e) {
  e.timestamp = 0;
  return ToJsonLine(e);
}

class MergingStore final : public Store {
 public:
  MergingStore(std::unique_ptr<Backend> backend, const StoreOptions& options)
      : db_(std::move(backend)), options_(options) {}
  ~MergingStore() override { (void)db_->CommitBatch(); }

  Result<PutResult> PutArticle(const Article& article, const std::vector<Event>& events) override {
    SITREP_RETURN_IF_ERROR(db_->BeginUnit());
    auto r = Put(article, events, /*remove=*/false);
    if (!r.ok()) {
      db_->RollbackUnit();
      return r.status();
    }
    SITREP_RETURN_IF_ERROR(db_->CommitUnit());
    return r;
  }

  Result<PutResult> RemoveArticle(const std::string& article_id) override {
    SITREP_RETURN_IF_ERROR(db_->BeginUnit());
    Article a;
    a.id = article_id;
    auto r = Put(a, {}, /*remove=*/true);
    if (!r.ok()) {
      db_->RollbackUnit();
      return r.status();
    }
    SITREP_RETURN_IF_ERROR(db_->CommitUnit());
    return r;
  }

  Status QueryEvents(const EventQuery& query,
                     const std::function<bool(const Event&)>& on_event) const override {
    Status inner;
    Status st = db_->QueryEvents(query, [&](const std::string& json, int64_t updated_at) {
      auto e = Parse(json, updated_at);
      if (!e.ok()) {
        inner = e.status();
        return false;
      }
      return on_event(*e);
    });
    return inner.ok() ? st : inner;
  }

  Status ForEachReport(const std::function<bool(const Event&)>& on_report) const override {
    Status inner;
    Status st = db_->ForEachReportJson([&](const std::string& json) {
      auto e = Parse(json, 0);
      if (!e.ok()) {
        inner = e.status();
        return false;
      }
      return on_report(*e);
    });
    return inner.ok() ? st : inner;
  }

  Result<EventLookup> GetEvent(const std::string& id) const override {
    EventLookup out;
    std::string live = id;
    SITREP_ASSIGN_OR_RETURN(auto row, db_->GetEventRow(id));
    if (!row) {
      SITREP_ASSIGN_OR_RETURN(auto into, db_->ReportEvent(id));  // a report merged elsewhere
      if (!into || into->empty()) {
        SITREP_ASSIGN_OR_RETURN(auto deleted, db_->DeletedInto(id));
        if (!deleted) return out;
        out.deleted = deleted->empty();
        if (out.deleted) return out;
        into = deleted;
      }
      live = *into;
      out.merged_into = live;
      SITREP_ASSIGN_OR_RETURN(row, db_->GetEventRow(live));
      if (!row) return out;
    }
    SITREP_ASSIGN_OR_RETURN(Event e, Parse(row->json, row->updated_at));
    out.event = std::move(e);
    return out;
  }

  Result<std::vector<Event>> GetReports(const std::string& event_id) const override {
    SITREP_ASSIGN_OR_RETURN(auto rows, db_->EventMembers(event_id, /*with_json=*/true));
    std::vector<Event> out;
    for (const auto& r : rows) {
      SITREP_ASSIGN_OR_RETURN(Event e, Parse(r.json, 0));
      out.push_back(std::move(e));
    }
    return out;
  }

  Result<std::optional<StoredArticle>> GetArticle(const std::string& id) const override {
    return db_->GetArticle(id);
  }
  Result<StoreStats> Stats(const EventQuery& query) const override { return db_->Stats(query); }

  Status Changes(int64_t since,
                 const std::function<bool(const EventChange&)>& on_change) const override {
    Status inner;
    Status st = db_->Changes(since, [&](const EventChange& c, const std::string& json) {
      if (c.kind == EventChange::Kind::kDeleted) return on_change(c);
      auto e = Parse(json, c.at);
      if (!e.ok()) {
        inner = e.status();
        return false;
      }
      EventChange full = c;
      full.event = std::move(*e);
      return on_change(full);
    });
    return inner.ok() ? st : inner;
  }

  Result<int64_t> CountEvents() const override { return db_->Count("events"); }
  Result<int64_t> CountArticles() const override { return db_->Count("articles"); }
  Result<int64_t> CountReports() const override { return db_->Count("reports"); }
  Result<std::optional<std::string>> GetState(const std::string& key) const override {
    return db_->GetState(key);
  }
  Status SetState(const std::string& key, const std::string& value) override {
    return db_->SetState(key, value);
  }
  Status BeginBatch() override { return db_->BeginBatch(); }
  Status CommitBatch() override { return db_->CommitBatch(); }
  const std::string& location() const override { return db_->location(); }

 private:
  Result<Event> Parse(const std::string& json, int64_t updated_at) const {
    auto e = EventFromJson(json);
    if (!e.ok()) return Status::IoError(db_->location() + ": corrupt event row: " + e.status().message());
    e->timestamp = updated_at;
    return e;
  }

  Result<PutResult> Put(const Article& article, const std::vector<Event>& events, bool remove);
  Status Regroup(std::map<std::string, ReportRow> seeds, const std::set<std::string>& gone_events,
                 int64_t now, PutResult* result);

  std::unique_ptr<Backend> db_;
  StoreOptions options_;
};

Result<PutResult> MergingStore::Put(const Article& in, const std::vector<Event>& events,
                                    bool remove) {
  const int64_t now = Now();
  Article article = in;
  if (article.id.empty()) article.id = Hex64(Fnv1a64(article.text));
  PutResult result;
  SITREP_ASSIGN_OR_RETURN(auto old_rows, db_->ArticleReports(article.id));
  if (remove) {
    SITREP_RETURN_IF_ERROR(db_->DeleteArticle(article.id));
  } else {
    SITREP_RETURN_IF_ERROR(db_->UpsertArticle(article, Hex64(Fnv1a64(article.text)), now));
  }

  std::map<std::string, ReportRow> old;
  for (auto& r : old_rows) old.emplace(r.report.event_id, std::move(r));
  std::map<std::string, ReportRow> seeds;  // reports whose group may have changed
  std::set<std::string> touched_events;    // live events that lost or changed a member
  std::set<std::string> fresh;
  for (const Event& e : events) {
    if (e.event_id.empty()) return Status::InvalidInput(article.id + ": an event has no event_id");
    if (!fresh.insert(e.event_id).second)
      return Status::InvalidInput(article.id + ": two events share the id " + e.event_id);
    ReportRow row;
    row.report = e;
    row.report.timestamp = 0;
    if (row.report.article_ids.empty()) row.report.article_ids = {article.id};
    row.article_id = article.id;
    row.json = EventJson(row.report);
    auto it = old.find(e.event_id);
    if (it != old.end() && it->second.json == row.json) continue;  // unchanged
    if (it != old.end()) {
      touched_events.insert(it->second.event_id);
      SITREP_RETURN_IF_ERROR(db_->DeleteReport(e.event_id));
    }
    SITREP_RETURN_IF_ERROR(db_->InsertReport(row));
    seeds.emplace(e.event_id, std::move(row));
  }
  for (const auto& [id, row] : old) {
    if (fresh.count(id)) continue;
    touched_events.insert(row.event_id);
    SITREP_RETURN_IF_ERROR(db_->DeleteReport(id));
  }
  result.reports = static_cast<int64_t>(events.size());
  if (seeds.empty() && touched_events.empty()) return result;
  SITREP_RETURN_IF_ERROR(Regroup(std::move(seeds), touched_events, now, &result));
  return result;
}

// Regroups the reports reachable from `seeds` and the remaining members of `touched`
// events, and writes what changed.
Status MergingStore::Regroup(std::map<std::string, ReportRow> seeds,
                             const std::set<std::string>& touched, int64_t now,
                             PutResult* result) {
  std::map<std::string, ReportRow> reached;
  std::deque<std::string> queue;
  auto visit = [&](ReportRow row) {
    std::string id = row.report.event_id;
    if (reached.emplace(id, std::move(row)).second) queue.push_back(id);
  };
  for (auto& [id, row] : seeds) visit(std::move(row));
  for (const auto& event_id : touched) {
    SITREP_ASSIGN_OR_RETURN(auto members, db_->EventMembers(event_id, false));
    for (auto& m : members) visit(std::move(m));
  }
  // Reports alike (merge::Signature) have the same candidates: the first is expanded with
  // its own article, the second from another article for all of them (a candidate shares
  // its one article with at most one of them), the rest not at all.
  std::map<std::string, std::string> expanded;  // signature -> article, or "" when for all
  if (options_.merge) {
    while (!queue.empty() && reached.size() < kMaxComponent) {
      Event r = reached.at(queue.front()).report;
      queue.pop_front();
      const merge::DateKey key = merge::KeyOf(r);
      if (MergeBlockKey(r).empty() || key.cls == merge::DateClass::kNone) continue;
      const std::string signature = merge::Signature(r);
      const std::string article = r.article_ids.empty() ? "" : r.article_ids.front();
      auto done = expanded.find(signature);
      if (done != expanded.end() && (done->second.empty() || done->second == article)) continue;
      if (done != expanded.end()) {
        r.article_ids = {"\x01alike"};
        done->second.clear();
      } else {
        expanded.emplace(signature, article);
      }
      for (int cls = 0; cls < 4; ++cls) {
        int64_t lo, hi;
        if (!merge::CandidateRange(key, static_cast<merge::DateClass>(cls), &lo, &hi)) continue;
        SITREP_ASSIGN_OR_RETURN(auto rows, db_->Candidates(r.country, r.admin1, cls, lo, hi));
        for (auto& c : rows)
          if (!reached.count(c.report.event_id) &&
              CompareReports(r, c.report, options_.merge_options).same)
            visit(std::move(c));
      }
    }
  }

  // Group, then write each group whose members or content changed.
  std::vector<ReportRow*> rows;
  std::vector<Event> light;
  for (auto& [id, row] : reached) {
    rows.push_back(&row);
    light.push_back(row.report);
  }
  std::vector<std::vector<size_t>> groups;
  if (options_.merge) {
    groups = ClusterReports(light, options_.merge_options);
  } else {
    for (size_t i = 0; i < rows.size(); ++i) groups.push_back({i});
  }
  std::set<std::string> before = touched;  // live events before this put
  std::map<std::string, std::vector<std::string>> members_before;  // event -> report ids
  for (const ReportRow* r : rows)
    if (!r->event_id.empty()) {
      before.insert(r->event_id);
      members_before[r->event_id].push_back(r->report.event_id);
    }
  std::map<std::string, std::string> group_of_report;  // report id -> new event id
  std::set<std::string> after;
  for (const auto& g : groups) {
    std::vector<const Event*> members;
    for (size_t i : g) members.push_back(&light[i]);
    const std::string id = IdHolder(members).event_id;
    after.insert(id);
    bool same_members = true, any_new = false;
    for (size_t i : g) {
      group_of_report[rows[i]->report.event_id] = id;
      same_members &= rows[i]->event_id == id;
      any_new |= !rows[i]->json.empty();  // inserted or changed by this put
    }
    SITREP_ASSIGN_OR_RETURN(auto existing, db_->GetEventRow(id));
    // Same members, none changed, none left (a report that left touched it): as it was.
    if (existing && same_members && !any_new && !touched.count(id) &&
        members_before[id].size() == g.size())
      continue;
    // Combine: the fields the rule compares, figures and sources of every member are in
    // the rows; claims and evidence are read for the detailed reports only.
    std::vector<const Event*> light_members;
    for (size_t i : g) light_members.push_back(&rows[i]->report);
    std::vector<std::string> ids;
    for (const Event* d : g.size() == 1 ? light_members : DetailedReports(light_members))
      if (reached.at(d->event_id).json.empty()) ids.push_back(d->event_id);
    SITREP_ASSIGN_OR_RETURN(auto loaded, db_->LoadReports(ids));
    std::map<std::string, Event> full;
    for (auto& l : loaded) full.emplace(l.report.event_id, std::move(l.report));
    std::vector<const Event*> ptrs;
    for (size_t i : g) {
      auto it = full.find(rows[i]->report.event_id);
      ptrs.push_back(it != full.end() ? &it->second : &rows[i]->report);
    }
    Event merged = CombineReports(ptrs);
    std::string json = EventJson(merged);
    for (size_t i : g)
      if (rows[i]->event_id != id) SITREP_RETURN_IF_ERROR(db_->SetReportEvent(rows[i]->report.event_id, id));
    if (existing && existing->json == json) continue;
    SITREP_RETURN_IF_ERROR(db_->WriteEvent(merged, json, existing ? existing->created_at : now, now));
    if (existing) {
      ++result->updated_events;
    } else {
      ++result->new_events;
      SITREP_RETURN_IF_ERROR(db_->Undelete(id));
    }
  }
  for (const std::string& id : before) {
    if (id.empty() || after.count(id)) continue;
    auto into = group_of_report.find(id);
    std::string merged_into = into != group_of_report.end() ? into->second : "";
    if (merged_into.empty()) {
      // Its own report is gone: point to where its former members went, if anywhere.
      for (const auto& m : members_before[id])
        if (auto g = group_of_report.find(m); g != group_of_report.end()) {
          merged_into = g->second;
          break;
        }
    }
    SITREP_RETURN_IF_ERROR(db_->DeleteEvent(id));
    SITREP_RETURN_IF_ERROR(db_->MarkDeleted(id, merged_into, now));
    ++result->deleted_events;
  }
  return Status::Ok();
}

}  // namespace

std::unique_ptr<Store> MakeStore(std::unique_ptr<Backend> backend, const StoreOptions& options) {
  return std::make_unique<MergingStore>(std::move(backend), options);
}

}  // namespace sitrep::store

namespace sitrep {

const char* EventChangeKindName(EventChange::Kind kind) {
  switch (kind) {
    case EventChange::Kind::kNew:
      return "new";
    case EventChange::Kind::kUpdated:
      return "updated";
    case EventChange::Kind::kDeleted:
      return "deleted";
  }
  return "new";
}

Result<std::vector<Event>> Store::AllEvents() const {
  std::vector<Event> events;
  SITREP_RETURN_IF_ERROR(ForEachEvent([&](const Event& e) {
    events.push_back(e);
    return true;
  }));
  return events;
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& location,
                                           const StoreOptions& options) {
  const bool postgres =
      location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
  auto backend = postgres ? store::OpenPostgres(location, options)
                          : store::OpenSqlite(location, options);
  if (!backend.ok()) return backend.status();
  return store::MakeStore(std::move(*backend), options);
}

}  // namespace sitrep
