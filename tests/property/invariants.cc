#include "property/invariants.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "export/export.h"
#include "sitrep/writer.h"
#include "util/text.h"

namespace sitrep::testing {
namespace {

// ACLED's event types, their sub-event types and disorder type (codebook 2023).
struct TypeRule {
  std::string_view type, disorder;
  std::vector<std::string_view> sub_types;
};

const std::vector<TypeRule>& Taxonomy() {
  static const std::vector<TypeRule> kRules = {
      {"Battles",
       "Political violence",
       {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}},
      {"Explosions/Remote violence",
       "Political violence",
       {"Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade"}},
      {"Violence against civilians",
       "Political violence",
       {"Sexual violence", "Attack", "Abduction/forced disappearance"}},
      {"Protests",
       "Demonstrations",
       {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}},
      {"Riots", "Demonstrations", {"Violent demonstration", "Mob violence"}},
      {"Strategic developments",
       "Strategic developments",
       {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other"}},
  };
  return kRules;
}

bool IsIsoDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!IsAsciiDigit(s[i])) return false;
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8, 2)));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] && (m != 2 || d < 29 || leap);
}

bool HasControl(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return true;
  }
  return false;
}

// The figures a note names before `word` ("12 fatalities", "3 injured").
std::vector<long long> FiguresBefore(std::string_view notes, std::string_view word) {
  std::vector<long long> out;
  for (size_t at = notes.find(word); at != std::string_view::npos;
       at = notes.find(word, at + 1)) {
    if (at < 2 || notes[at - 1] != ' ' || !IsAsciiDigit(notes[at - 2])) continue;
    size_t b = at - 1;
    while (b > 0 && IsAsciiDigit(notes[b - 1])) --b;
    out.push_back(std::stoll(std::string(notes.substr(b, at - 1 - b))));
  }
  return out;
}

// Byte offset of every code point of `text`, and the end.
std::vector<size_t> CodePointStarts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(text.size());
  return starts;
}

class Checker {
 public:
  Checker(const Article& article, std::vector<std::string>* problems)
      : article_(article), problems_(problems), starts_(CodePointStarts(article.text)) {}

  void Check(size_t index, const Event& e) {
    where_ = (article_.origin.empty() ? article_.id : article_.origin) + ": event " +
             std::to_string(index) + " (" + e.event_id + ")";
    Identity(e);
    Taxonomy(e);
    Actors(e);
    Dates(e);
    Place(e);
    Figures(e);
    Evidence(e);
    Text(e);
    RoundTrip(e);
  }

 private:
  void Fail(const std::string& what) { problems_->push_back(where_ + ": " + what); }

  void Identity(const Event& e) {
    if (e.event_id.empty()) Fail("empty event_id");
    if (!ids_.insert(e.event_id).second) Fail("event_id repeated in one article");
    if (e.article_ids.empty()) Fail("no article_ids");
    if (!article_.id.empty() && (e.article_ids.empty() || e.article_ids[0] != article_.id))
      Fail("article_ids does not start with the article's id");
  }

  void Taxonomy(const Event& e) {
    for (const TypeRule& r : sitrep::testing::Taxonomy()) {
      if (r.type != e.event_type) continue;
      if (r.disorder != e.disorder_type)
        Fail("disorder_type \"" + e.disorder_type + "\" for " + e.event_type);
      bool known = false;
      for (std::string_view s : r.sub_types) known = known || s == e.sub_event_type;
      if (!known) Fail("sub_event_type \"" + e.sub_event_type + "\" is not one of " + e.event_type);
      return;
    }
    Fail("event_type \"" + e.event_type + "\" is not ACLED's");
  }

  void Actors(const Event& e) {
    if (e.inter1 < 0 || e.inter1 > 8 || e.inter2 < 0 || e.inter2 > 8)
      Fail("inter codes outside 0..8");
    if (e.actor1.empty() != (e.inter1 == 0)) Fail("actor1 and inter1 disagree");
    if (e.actor2.empty() != (e.inter2 == 0)) Fail("actor2 and inter2 disagree");
    // ACLED: actor 1 is always named ("Unidentified Armed Group (Country)" when unknown).
    if (e.actor1.empty()) Fail("no actor1");
    // ACLED's interaction: the two codes, lower first; actor 1 alone gives inter1 * 10.
    const int expected = e.inter1 == 0   ? 0
                         : e.inter2 == 0 ? 10 * e.inter1
                                         : 10 * std::min(e.inter1, e.inter2) +
                                               std::max(e.inter1, e.inter2);
    if (InteractionCode(e.inter1, e.inter2) != expected)
      Fail("interaction " + std::to_string(InteractionCode(e.inter1, e.inter2)) + " for inter " +
           std::to_string(e.inter1) + "/" + std::to_string(e.inter2));
    if (!e.civilian_targeting.empty() && e.civilian_targeting != "Civilian targeting")
      Fail("civilian_targeting \"" + e.civilian_targeting + "\"");
    if (!e.civilian_targeting.empty() && e.inter2 != 7)
      Fail("civilian targeting without civilians as actor2");
  }

  void Dates(const Event& e) {
    if (!e.event_date.empty() && !IsIsoDay(e.event_date))
      Fail("event_date \"" + e.event_date + "\" is no day");
    if (!e.published.empty() && !IsIsoDay(e.published))
      Fail("published \"" + e.published + "\" is no day");
    static const std::set<std::string> kPrecisions = {"day", "week", "month", "year"};
    if (!e.event_date.empty() && !kPrecisions.count(e.date_precision))
      Fail("date_precision \"" + e.date_precision + "\"");
    if (e.event_date.empty() && !e.date_precision.empty())
      Fail("date_precision without an event_date");
    const bool unknown_in_notes = e.notes.find("unknown date") != std::string::npos;
    if (unknown_in_notes != e.event_date.empty())
      Fail("notes and event_date disagree on whether the date is known");
  }

  void Place(const Event& e) {
    if (!e.country.empty() && exporter::FindCountry(e.iso, e.country) == nullptr)
      Fail("country \"" + e.country + "\" unknown");
    if (!e.country.empty() && EventIdCnty(e).starts_with("XXX"))
      Fail("event_id_cnty XXX for " + e.country);
    if (e.latitude.has_value() != e.longitude.has_value()) Fail("one coordinate without the other");
    if (e.latitude && (!std::isfinite(*e.latitude) || !std::isfinite(*e.longitude) ||
                       std::abs(*e.latitude) > 90 || std::abs(*e.longitude) > 180))
      Fail("coordinates out of range");
    if (e.geo_precision < 1 || e.geo_precision > 3)
      Fail("geo_precision " + std::to_string(e.geo_precision));
  }

  void Figures(const Event& e) {
    for (const auto* f : {&e.fatalities, &e.fatalities_low, &e.fatalities_high, &e.injuries})
      if (*f && **f < 0) Fail("negative figure");
    if (e.fatalities_low && e.fatalities_high && *e.fatalities_low > *e.fatalities_high)
      Fail("fatalities_low above fatalities_high");
    if (e.fatalities && ((e.fatalities_low && *e.fatalities < *e.fatalities_low) ||
                         (e.fatalities_high && *e.fatalities > *e.fatalities_high)))
      Fail("fatalities " + std::to_string(*e.fatalities) + " outside [" +
           std::to_string(e.fatalities_low.value_or(-1)) + ", " +
           std::to_string(e.fatalities_high.value_or(-1)) + "]");
    if (!e.fatalities && (e.fatalities_low || e.fatalities_high))
      Fail("fatalities_low/high without fatalities");
    for (const Claim& c : e.claims) {
      static const std::set<std::string> kClaims = {"responsibility", "report", "denial"};
      if (!kClaims.count(c.claim)) Fail("claim \"" + c.claim + "\"");
      if ((c.fatalities && *c.fatalities < 0) || (c.injuries && *c.injuries < 0))
        Fail("negative claimed figure");
    }
    // Notes say what the figures say, in good grammar: each fatality figure they name is the
    // event's or a source's claim, and the event's own figure is among them.
    if (e.notes.find(" 1 fatalities") != std::string::npos || e.notes.starts_with("1 fatalities"))
      Fail("notes say \"1 fatalities\"");
    for (long long n : FiguresBefore(e.notes, "fatalit")) {
      bool fits = e.fatalities && n == *e.fatalities;
      for (const Claim& c : e.claims) fits = fits || (c.fatalities && n == *c.fatalities);
      if (!fits) Fail("notes name " + std::to_string(n) + " fatalities, no figure of the event's");
    }
    if (e.fatalities && *e.fatalities > 0) {
      const auto named = FiguresBefore(e.notes, "fatalit");
      if (std::find(named.begin(), named.end(), *e.fatalities) == named.end())
        Fail("fatalities " + std::to_string(*e.fatalities) + " not in the notes");
    }
  }

  void Evidence(const Event& e) {
    const int64_t length = static_cast<int64_t>(starts_.size()) - 1;
    for (const sitrep::Evidence& ev : e.evidence) {
      if (ev.start < 0 || ev.start > ev.end || ev.end > length) {
        Fail("evidence " + ev.field + " [" + std::to_string(ev.start) + ", " +
             std::to_string(ev.end) + ") outside the text of " + std::to_string(length));
        continue;
      }
      const size_t b = starts_[ev.start], end = starts_[ev.end];
      if (article_.text.compare(b, end - b, ev.text) != 0)
        Fail("evidence " + ev.field + " text \"" + ev.text + "\" is not text[" +
             std::to_string(ev.start) + ":" + std::to_string(ev.end) + "]");
    }
  }

  void Text(const Event& e) {
    for (const std::string* s : {&e.actor1, &e.actor2, &e.assoc_actor_1, &e.assoc_actor_2,
                                 &e.country, &e.admin1, &e.admin2, &e.admin3, &e.location,
                                 &e.notes, &e.event_type, &e.sub_event_type}) {
      if (!IsValidUtf8(*s)) Fail("invalid UTF-8 in \"" + *s + "\"");
      if (HasControl(*s)) Fail("control character in \"" + *s + "\"");
    }
    for (const std::string& s : e.sources)
      if (!IsValidUtf8(s) || HasControl(s)) Fail("bad source \"" + s + "\"");
  }

  void RoundTrip(const Event& e) {
    const std::string line = ToJsonLine(e);
    if (HasControl(line)) Fail("a raw control character in the JSONL line");
    auto back = EventFromJson(line);
    if (!back.ok()) return Fail("JSONL does not read back: " + back.status().message());
    if (back->event_id != e.event_id || back->fatalities != e.fatalities ||
        back->actor1 != e.actor1 || back->notes != e.notes || back->event_date != e.event_date ||
        back->evidence.size() != e.evidence.size())
      Fail("JSONL does not round-trip");
  }

  const Article& article_;
  std::vector<std::string>* problems_;
  std::vector<size_t> starts_;
  std::set<std::string> ids_;
  std::string where_;
};

}  // namespace

std::vector<std::string> CheckEvents(const Article& article, const std::vector<Event>& events) {
  std::vector<std::string> problems;
  Checker checker(article, &problems);
  for (size_t i = 0; i < events.size(); ++i) checker.Check(i, events[i]);
  return problems;
}

}  // namespace sitrep::testing
