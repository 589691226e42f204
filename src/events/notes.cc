// Pass 8, notes: one ACLED-style sentence per event, worded by data/notes.tsv; and the plain
// text trace of how the events were assembled (--explain).
#include "events/notes.h"

#include "events/draft.h"
#include "util/tsv.h"

namespace sitrep::events {

Result<NotesStyle> NotesStyle::Load(const std::string& path) {
  NotesStyle style;
  Status st = ForEachTsvRow(path, 2, [&](const std::vector<std::string_view>& f, int) {
    std::string key(TrimWhitespace(f[0]));
    if (key == "months") {
      for (std::string_view m : SplitString(f[1], '|'))
        style.months_.emplace_back(TrimWhitespace(m));
      if (style.months_.size() != 12)
        return Status::InvalidInput("months must list 12 names, found " +
                                    std::to_string(style.months_.size()));
      return Status::Ok();
    }
    if (TrimWhitespace(f[1]).empty()) return Status::InvalidInput("empty template for " + key);
    style.templates_[key] = std::string(f[1]);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (const char* key :
       {"sentence", "date", "date_unknown", "who_unknown", "what.default", "figures.killed",
        "figures.injured", "figures.both", "figures.source", "figures.none"})
    if (style.templates_.find(key) == style.templates_.end())
      return Status::InvalidInput(path + ": no template '" + key + "'");
  if (style.months_.empty()) return Status::InvalidInput(path + ": no 'months' row");
  return style;
}

const std::string& NotesStyle::Template(std::string_view key) const {
  static const std::string kNone;
  auto it = templates_.find(key);
  return it == templates_.end() ? kNone : it->second;
}

namespace {

// Renders tmpl[b, e) onto `out`: literal text as it is, "{name}" by value(name, out), which
// appends the slot's text, "[...]" only when every slot inside it is filled. False when a slot
// of tmpl[b, e) itself was empty. (A template on the callable, not a std::function: a lambda
// that captures more than two references made one allocation per call.)
template <class Value>
bool RenderRange(std::string_view tmpl, size_t b, size_t e, const Value& value, std::string* out) {
  bool all_filled = true;
  for (size_t i = b; i < e; ++i) {
    size_t literal = i;
    while (literal < e && tmpl[literal] != '[' && tmpl[literal] != '{') ++literal;
    out->append(tmpl.substr(i, literal - i));
    if (literal == e) break;
    i = literal;
    if (tmpl[i] == '[') {
      size_t close = tmpl.find(']', i);
      if (close == std::string_view::npos || close > e) close = e;
      const size_t mark = out->size();
      if (!RenderRange(tmpl, i + 1, close, value, out)) out->resize(mark);
      i = close;
    } else {
      size_t close = tmpl.find('}', i);
      if (close == std::string_view::npos || close > e) close = e;
      const size_t before = out->size();
      value(tmpl.substr(i + 1, close - i - 1), out);
      all_filled &= out->size() != before;
      i = close;
    }
  }
  return all_filled;
}

// Fills `tmpl` onto `out`: {name} from `value(name, out)`; a [part] is dropped when a name
// inside is empty.
template <class Value>
void RenderInto(std::string_view tmpl, const Value& value, std::string* out) {
  RenderRange(tmpl, 0, tmpl.size(), value, out);
}

void AppendInt(int v, std::string* out) { out->append(std::to_string(v)); }

}  // namespace

std::string NotesStyle::Render(std::string_view tmpl,
                               const std::function<std::string(std::string_view)>& value) {
  std::string out;
  out.reserve(tmpl.size() + 128);  // (slots grow it: names, places, figures)
  RenderInto(
      tmpl, [&](std::string_view name, std::string* o) { o->append(value(name)); }, &out);
  return out;
}

std::string Notes(Draft& d, const Event& ev) {
  const NotesStyle& style = *d.ctx.notes;
  // The parts are rendered into the draft's buffers (every event of the document reuses them),
  // then into the sentence.
  Draft::NotesBuffers& buf = d.notes_buffers;
  auto fill = [&](std::string_view key, const auto& value, std::string* out) {
    RenderInto(style.Template(key), value, out);
  };
  std::string& date = buf.date;
  date.clear();
  if (auto day = dates::ParseIsoDate(ev.event_date)) {
    fill(
        "date",
        [&](std::string_view name, std::string* out) {
          if (name == "day") AppendInt(day->day, out);
          if (name == "month") out->append(style.Months()[day->month - 1]);
          if (name == "year") AppendInt(day->year, out);
        },
        &date);
  } else {
    date = style.Template("date_unknown");
  }
  auto sub = d.taxonomy.FindSubEventType(ev.sub_event_type);
  std::string& what_key = buf.what_key;
  what_key.clear();
  if (sub) what_key.append("what.").append(d.taxonomy.Id(*sub));
  if (what_key.empty() || style.Template(what_key).empty()) what_key = "what.default";
  std::string& what = buf.what;
  what.clear();
  fill(
      what_key,
      [&](std::string_view name, std::string* out) {
        if (name == "actor2") out->append(ev.actor2);
        if (name == "sub_event_type") out->append(ev.sub_event_type);
      },
      &what);
  // One part per source's claim; with no claim, the event's own figures.
  std::string& figures = buf.figures;
  figures.clear();
  auto part = [&](std::optional<int> killed, std::optional<int> injured, std::string_view source) {
    auto slot = [&](std::string_view name, std::string* out) {
      if (name == "fatalities" && killed) AppendInt(*killed, out);
      if (name == "injured" && injured) AppendInt(*injured, out);
      if (name == "source") out->append(source);
    };
    // "1 fatality", not "1 fatalities", where the style words it.
    auto key = [&](std::string_view plural, std::string_view one) {
      return *killed == 1 && !style.Template(one).empty() ? one : plural;
    };
    std::string& p = buf.part;
    p.clear();
    if (killed && injured)
      fill(key("figures.both", "figures.both.one"), slot, &p);
    else if (killed)
      fill(key("figures.killed", "figures.killed.one"), slot, &p);
    else if (injured)
      fill("figures.injured", slot, &p);
    figures += "; ";
    if (source.empty())
      figures += p;
    else if (p.empty())
      fill("figures.none", slot, &figures);
    else
      fill(
          "figures.source",
          [&](std::string_view name, std::string* out) {
            if (name == "figures")
              out->append(p);
            else
              slot(name, out);
          },
          &figures);
  };
  // The event's own figures first when no source's claim carries them (the publisher's
  // count, or a toll with others killed besides those a source counted).
  bool claimed = false;
  for (const auto& c : ev.claims)
    claimed |= (ev.fatalities ? c.fatalities == ev.fatalities : c.injuries == ev.injuries);
  if (!claimed && (ev.fatalities || ev.injuries)) part(ev.fatalities, ev.injuries, "");
  for (const auto& c : ev.claims) part(c.fatalities, c.injuries, c.source);
  const std::string& sentence = style.Template("sentence");
  std::string out;
  out.reserve(sentence.size() + 128);  // (slots grow it: names, places, figures)
  RenderInto(
      sentence,
      [&](std::string_view name, std::string* o) {
        if (name == "date") o->append(date);
        if (name == "who") o->append(ev.actor1.empty() ? style.Template("who_unknown") : ev.actor1);
        if (name == "what") o->append(what);
        if (name == "location") o->append(ev.location);
        if (name == "admin1" && !ev.location.empty() && ev.admin1 != ev.location)
          o->append(ev.admin1);
        if (name == "figures") o->append(figures);
      },
      &out);
  return out;
}

void Trace(Draft* d) {
  const mentions::Document& doc = d->doc;
  const mentions::Knowledge& k = d->k;
  std::string& t = *d->ctx.trace;
  auto tok = [&](uint32_t b, uint32_t e) { return std::string(doc.TokenSpan(b, e).of(doc.text)); };
  for (size_t gi = 0; gi < d->groups.size(); ++gi) {
    const Group& g = d->groups[gi];
    t += "group " + std::to_string(gi) + " s" + std::to_string(g.sentence) + " trigger '" +
         tok(doc.triggers[g.best].b, doc.triggers[g.best].e) + "' w" + std::to_string(g.weight);
    if (g.anaphoric) t += " anaphoric";
    if (g.indefinite) t += " indefinite";
    if (g.trend) t += " trend";
    if (g.actor1) t.append(" a1=").append(g.actor1->name);
    if (g.actor2) t.append(" a2=").append(g.actor2->name);
    if (g.date >= 0) t += " date='" + tok(doc.dates[g.date].b, doc.dates[g.date].e) + "'";
    if (g.place >= 0) t += " place='" + doc.places[g.place].written + "'";
    if (g.province >= 0) t += " province='" + doc.places[g.province].written + "'";
    if (g.figures.killed.value) t += " killed=" + std::to_string(*g.figures.killed.value);
    if (g.figures.injured.value) t += " injured=" + std::to_string(*g.figures.injured.value);
    t += " source=" + (g.figures.source >= 0 ? k.agencies[g.figures.source].name : "publisher");
    t += "\n";
  }
  for (size_t ii = 0; ii < d->incidents.size(); ++ii) {
    t += "incident " + std::to_string(ii) + ": groups";
    for (size_t gi : d->incidents[ii].groups) t += " " + std::to_string(gi);
    t += "\n";
  }
  for (const auto& am : doc.actors)
    t += "actor '" + tok(am.b, am.e) + "' -> " + ActorName(d, am) + "\n";
  for (const auto& tm : doc.triggers)
    t += "trigger '" + tok(tm.b, tm.e) + "'" + (tm.negated_or_trend ? " trend" : "") +
         (tm.definite ? " definite" : "") + (tm.indefinite ? " indefinite" : "") + "\n";
  for (const auto& p : doc.places) {
    t += "place '" + p.written + "'" +
         (p.place ? " -> " + p.place->name + " (" + p.place->admin1 + ", " + p.place->country + ")"
                  : " unresolved");
    if (p.province) t += " province";
    if (p.near) t += " near";
    if (p.hospital) t += " hospital";
    if (p.locality_cue) t += " locality";
    if (!p.note.empty()) t += " (" + p.note + ")";
    t += "\n";
  }
}

}  // namespace sitrep::events
