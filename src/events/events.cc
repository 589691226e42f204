// The event stage: runs the passes of events/draft.h in order and assembles each incident's
// Event from what they found.
#include "events/events.h"

#include <algorithm>

#include "events/draft.h"
#include "util/text.h"

namespace sitrep::events {
namespace {

class Assembler : public Pass {
 public:
  explicit Assembler(Draft& d) : Pass(d) {}

  std::vector<Event> Run() {
    std::vector<Event> out;
    out.reserve(incidents_.size());  // (an event each, mostly)
    for (const auto& inc : incidents_) {
      // "12 civilians were killed in Kfar Nabl and one in Maaret al-Numaan": one event per
      // place, each with its own toll.
      if (auto splits = TollsByPlace(&draft_, inc); splits.size() >= 2) {
        for (const auto& [place, toll] : splits) {
          Incident part = inc;
          part.place = place;
          Event ev = Finalize(part);
          ev.fatalities = ev.fatalities_low = ev.fatalities_high = toll.value;
          std::erase_if(ev.evidence, [](const auto& e) { return e.field == "fatalities"; });
          AddEvidence(&ev, "fatalities", toll.b, toll.e);
          ev.claims.clear();
          ev.notes = Notes(draft_, ev);
          out.push_back(std::move(ev));
        }
        continue;
      }
      // A list of places taken: one territory event per place.
      if (auto taken = PlacesTaken(&draft_, inc); !taken.empty()) {
        for (int place : taken) {
          Incident part = inc;
          part.place = place;
          out.push_back(Finalize(part));
        }
        continue;
      }
      Event ev = Finalize(inc);
      // Background known only by its year ("In 2014, IS launched an offensive") is history,
      // not an event to code, unless the text gives its toll.
      bool year_only = inc.date >= 0 && doc_.dates[inc.date].d.precision == dates::Precision::kYear;
      if (year_only && !ev.fatalities) continue;
      out.push_back(std::move(ev));
    }
    return out;
  }

 private:
  Event Finalize(const Incident& inc) {
    const auto& tax = draft_.taxonomy;
    const Group& bg = groups_[inc.best_group];
    const auto& tm = doc_.triggers[bg.best];
    Classification c = Classify(&draft_, inc);
    Event ev;
    ev.evidence.reserve(8);  // (an event cites about five spans: one allocation for them)
    ev.event_type = tax.Name(c.type);
    ev.sub_event_type = tax.Name(c.sub);
    ev.disorder_type = tax.Name(tax.DisorderOf(c.type));
    AddEvidence(&ev, "sub_event_type", tm.b, tm.e);
    if (c.actor1) {
      ev.actor1 = c.actor1->name, ev.inter1 = c.actor1->inter;
      AddEvidence(&ev, "actor1", c.actor1->b, c.actor1->e);
    }
    if (c.actor2) {
      ev.actor2 = c.actor2->name, ev.inter2 = c.actor2->inter;
      AddEvidence(&ev, "actor2", c.actor2->b, c.actor2->e);
      if (c.actor2->inter == 7) ev.civilian_targeting = "Civilian targeting";
    }
    ev.assoc_actor_1 = Join(inc.assoc1);
    ev.assoc_actor_2 = Join(inc.assoc2);
    if (inc.date >= 0) {
      const auto& d = doc_.dates[inc.date];
      ev.event_date = dates::ToIso(
          inc.date_offset_days == 0 ? *d.d.date : dates::AddDays(*d.d.date, inc.date_offset_days));
      ev.date_precision = dates::PrecisionName(
          inc.date_from_earlier ? std::max(d.d.precision, dates::Precision::kWeek) : d.d.precision);
      AddEvidence(&ev, "event_date", d.b, d.e);
    } else if (ctx_.published) {
      // Reported with no date of its own: the report's date, at week precision.
      ev.event_date = dates::ToIso(*ctx_.published);
      ev.date_precision = dates::PrecisionName(dates::Precision::kWeek);
    }  // else no date, and so no precision (date_precision and time_precision are null)
    PlaceEvent(&draft_, inc, &ev);
    CountCasualties(&draft_, inc, &ev);
    ev.notes = Notes(draft_, ev);
    // Stable and unique: the article, the trigger, the type and the place (one trigger's
    // events at two places, "nine killed in Saraqib and two in Ariha", are two events).
    std::string& key = key_;  // (one buffer for the document's events)
    key = ctx_.article_id;
    key += '|';
    key += std::to_string(doc_.tokens[tm.b].span.begin);
    key += '|';
    key += ev.sub_event_type;
    key += '|';
    if (inc.place >= 0) key += std::to_string(doc_.places[inc.place].b);
    key += '|';
    key += ev.location;
    ev.event_id = Hex64(Fnv1a64(key));
    ev.article_ids = {ctx_.article_id};
    return ev;
  }

  std::string key_;

  static std::string Join(const std::vector<std::string_view>& v) {
    std::string s;
    for (std::string_view x : v) s.append(s.empty() ? "" : "; ").append(x);
    return s;
  }
};

}  // namespace

std::vector<Event> BuildEvents(const mentions::Document& doc, const EventContext& ctx) {
  Draft d(doc, ctx);
  AssignSources(&d);
  IndexProvinces(&d);
  BuildGroups(&d);
  FillArguments(&d);
  MergeIntoIncidents(&d);
  if (ctx.trace) Trace(&d);
  return Assembler(d).Run();
}

}  // namespace sitrep::events
