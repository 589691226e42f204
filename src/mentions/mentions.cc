#include "mentions/mentions.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace sitrep::mentions {
namespace {

// First token whose span starts at or after `byte`.
uint32_t TokenAtOrAfter(const std::vector<Token>& tokens, uint32_t byte) {
  auto it = std::lower_bound(tokens.begin(), tokens.end(), byte,
                             [](const Token& t, uint32_t b) { return t.span.begin < b; });
  return static_cast<uint32_t>(it - tokens.begin());
}

// One past the last token that ends at or before `byte`.
uint32_t TokenEndAt(const std::vector<Token>& tokens, uint32_t byte) {
  auto it = std::upper_bound(tokens.begin(), tokens.end(), byte,
                             [](uint32_t b, const Token& t) { return b < t.span.end; });
  return static_cast<uint32_t>(it - tokens.begin());
}

bool IsOneOf(std::string_view w, std::initializer_list<std::string_view> words) {
  for (auto x : words)
    if (w == x) return true;
  return false;
}

// "killed a man at a checkpoint", "on his way to the police station": a post named as where
// something happened is no party to it ("attacked a checkpoint", "fired at a checkpoint" are).
bool IsVenueNotParty(const Document& doc, uint32_t b, uint32_t e) {
  if (!IsOneOf(doc.LowerToken(e - 1), {"checkpoint", "checkpoints", "station", "headquarters",
                                       "post", "base", "compound"}))
    return false;
  uint32_t k = b;
  while (k > 0 && IsOneOf(doc.LowerToken(k - 1), {"a", "an", "the", "military", "army", "his",
                                                  "their", "local", "nearby"}))
    --k;
  if (k == 0 || !IsOneOf(doc.LowerToken(k - 1), {"at", "near", "to", "from", "outside", "inside",
                                                 "around", "beside", "behind"}))
    return false;
  std::string_view verb = k >= 2 ? doc.LowerToken(k - 2) : std::string_view();
  return !IsOneOf(verb, {"fire", "fired", "firing", "shot", "shooting", "shots", "shells",
                         "rockets", "grenade", "aimed", "directed", "launched", "opened"});
}

// Agencies written with a one-letter slip ("Amaag Agency"): accept when the next word is
// "Agency" and the name is within one edit of a known single-word alias.
bool WithinOneEdit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > 1) return false;
  size_t i = 0, j = 0, edits = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++i, ++j;
      continue;
    }
    if (++edits > 1) return false;
    if (a.size() == b.size())
      ++i, ++j;
    else
      ++j;
  }
  return edits + (b.size() - j) + (a.size() - i) <= 1;
}

}  // namespace

uint32_t Document::SentenceOf(uint32_t token) const {
  auto it = std::upper_bound(sentence_begin.begin(), sentence_begin.end(), token);
  return static_cast<uint32_t>(std::max<ptrdiff_t>(0, (it - sentence_begin.begin()) - 1));
}

// Date mentions with their roles: the date of a report, a dateline, a date after "since".
void FindDateMentions(const MentionResources& res, const std::optional<dates::CivilDate>& published,
                      Document* doc) {
  const auto& tokens = doc->tokens;
  for (const auto& d : dates::FindDates(doc->text, published, *res.date_words)) {
    uint32_t b = TokenAtOrAfter(tokens, d.span.begin), e = TokenEndAt(tokens, d.span.end);
    if (e <= b) continue;
    DateMention dm{b, e, d, false, false, false};
    // "On Monday, CENTCOM announced ...": a reporting verb right after the date and its
    // subject, before anything happens, makes it the date of the report.
    for (uint32_t t = e; t < tokens.size() && t < e + 9; ++t) {
      std::string_view w = doc->LowerToken(t);
      if (w == "." || w == ";" || w == "that") break;
      if (IsOneOf(w, {"said", "announced", "reported", "stated", "claimed", "confirmed", "told"})) {
        dm.report = true;
        break;
      }
    }
    // "said on Wednesday", "reported Saturday", "told AFP on Sunday": the date of the report.
    for (uint32_t back = 1; back <= 3 && b >= back; ++back) {
      std::string_view w = doc->LowerToken(b - back);
      if (IsOneOf(w, {"said", "reported", "told", "announced", "stated", "added", "claimed",
                      "confirmed", "quoted", "says", "report", "statement"})) {
        dm.report = true;
        break;
      }
      if (!IsOneOf(w, {"on", "late", "early", "afp", "reuters", "reporters", "the", "it"})) break;
    }
    if (doc->LowerToken(b) == "since") dm.after_since = true;
    // Dateline: "CITY, March 9, 2021 -" opening a paragraph.
    uint32_t para = b;
    while (para > 0 && b - para < 6 && !tokens[para].is(kNewlineBefore)) --para;
    if (b >= 2 && tokens[para].is(kNewlineBefore) && e < tokens.size()) {
      std::string_view next = doc->TokenText(e);
      // "BEIRUT, March 9, 2021 -", "Geneva, May 12." at the head of a paragraph.
      if (b - para <= 5 && tokens[para].is(kCapitalized) && doc->TokenText(b - 1) == "," &&
          (next == "-" || next == "(" || next == "." || next == ":" ||
           (tokens[para].is(kAllCaps) && next == ",")))
        dm.dateline = true;
    }
    // "since its retraction from the province a year ago": the date of something else.
    for (uint32_t back = 1; back <= 8 && b >= back; ++back) {
      std::string_view w = doc->LowerToken(b - back);
      if (w == "," || w == ";" || w == ".") break;
      if (w == "since") dm.after_since = true;
    }
    doc->dates.push_back(dm);
  }
  doc->date_at.assign(tokens.size(), -1);
  for (size_t i = 0; i < doc->dates.size(); ++i)
    for (uint32_t t = doc->dates[i].b; t < doc->dates[i].e; ++t)
      doc->date_at[t] = static_cast<int32_t>(i);
}

void FindMentions(const MentionResources& res, const std::optional<dates::CivilDate>& published,
                  Document* doc) {
  const Knowledge& k = *res.knowledge;
  doc->lower = LowerAscii(doc->text);
  Tokenize(doc->text, &doc->tokens);
  const auto& tokens = doc->tokens;
  doc->sentence_begin.clear();
  for (const Span& s : doc->sentences)
    doc->sentence_begin.push_back(TokenAtOrAfter(tokens, s.begin));
  doc->sentence_begin.push_back(static_cast<uint32_t>(tokens.size()));

  ComputeTokenKeys(doc->lower, tokens, &doc->token_keys);
  doc->words = &k.words;
  k.words.IdsOf(doc->lower, tokens, &doc->word_ids);
  const TokenKeys& keys = doc->token_keys;
  std::vector<PhraseMatch> matches;
  // Nationality words, to fill "{country}" in actor names.
  std::vector<int> nationality_ending_at(tokens.size() + 1, -1);
  k.nationality_phrases.FindAll(doc->text, doc->lower, tokens, keys, &matches);
  for (const auto& m : matches) nationality_ending_at[m.end_token] = static_cast<int>(m.payload);

  matches.clear();
  k.agency_phrases.FindAll(doc->text, doc->lower, tokens, keys, &matches);
  std::vector<bool> known_agency(tokens.size(), false);
  for (const auto& m : matches) {
    doc->agencies.push_back({m.first_token, m.end_token, m.payload});
    for (uint32_t t = m.first_token; t < m.end_token; ++t) known_agency[t] = true;
  }
  for (uint32_t t = 0; t + 1 < tokens.size(); ++t) {
    if (!tokens[t].is(kCapitalized) || doc->LowerToken(t + 1) != "agency") continue;
    if (known_agency[t]) continue;
    std::string_view w = doc->LowerToken(t);
    for (size_t i = 0; i < k.agency_aliases_lower.size(); ++i) {
      if (WithinOneEdit(w, k.agency_aliases_lower[i])) {
        doc->agencies.push_back({t, t + 2, k.agency_alias_owner[i]});
        break;
      }
    }
  }
  std::sort(doc->agencies.begin(), doc->agencies.end(),
            [](const AgencyMention& a, const AgencyMention& b) { return a.b < b.b; });
  doc->agency_at.assign(tokens.size(), -1);
  for (size_t i = 0; i < doc->agencies.size(); ++i)
    for (uint32_t t = doc->agencies[i].b; t < doc->agencies[i].e; ++t)
      doc->agency_at[t] = static_cast<int32_t>(i);

  matches.clear();
  k.actor_phrases.FindAll(doc->text, doc->lower, tokens, keys, &matches);
  doc->actor_at.assign(tokens.size(), -1);
  for (const auto& m : matches) {
    if (doc->agency_at[m.first_token] >= 0) continue;
    if (IsVenueNotParty(*doc, m.first_token, m.end_token)) continue;
    // "pro-Turkey rebel factions", "anti-Houthi tribesmen": a side named by whom it backs or
    // fights is not that actor (aliases that are such names, "pro-Houthi forces", match whole).
    if (m.first_token >= 2 && doc->TokenText(m.first_token - 1) == "-" &&
        !tokens[m.first_token - 1].is(kSpaceBefore) &&
        IsOneOf(doc->LowerToken(m.first_token - 2), {"pro", "anti"}))
      continue;
    ActorMention am{m.first_token, m.end_token, m.payload, {}};
    if (int n = nationality_ending_at[m.first_token]; n >= 0) am.country = k.countries[n];
    for (uint32_t t = m.first_token; t < m.end_token; ++t)
      doc->actor_at[t] = static_cast<int32_t>(doc->actors.size());
    doc->actors.push_back(std::move(am));
  }

  // Numbers and dates before triggers: a trigger's reading depends on them.
  doc->number_at.assign(tokens.size(), -1);
  doc->number_end_at.assign(tokens.size() + 1, -1);
  for (const auto& n : numbers::FindNumbers(doc->text, *res.number_words)) {
    uint32_t b = TokenAtOrAfter(tokens, n.span.begin), e = TokenEndAt(tokens, n.span.end);
    if (e <= b) continue;
    auto idx = static_cast<int32_t>(doc->numbers.size());
    for (uint32_t t = b; t < e; ++t) doc->number_at[t] = idx;
    doc->number_end_at[e] = idx;
    doc->numbers.push_back({b, e, n});
  }
  FindDateMentions(res, published, doc);

  // Sentence-level trend words, found once per sentence (not once per trigger).
  size_t num_sentences = doc->sentence_begin.size() - 1;
  // 1 weak, 2 strong, 3 only a large count ("dozens", "hundreds"): a tally of attacks, but
  // the size of a crowd.
  std::vector<uint8_t> sentence_trend(num_sentences, 0);
  for (size_t sidx = 0; sidx < num_sentences; ++sidx) {
    for (uint32_t t = doc->sentence_begin[sidx]; t < doc->sentence_begin[sidx + 1]; ++t) {
      std::string_view w = doc->LowerToken(t);
      if (IsOneOf(w, {"times", "repeatedly", "regularly", "frequently", "often"})) {
        sentence_trend[sidx] = 2;
        break;
      }
      if (IsOneOf(w, {"rise", "increase", "increased", "increasing", "surge", "wave", "spate",
                      "series", "frequent", "continue", "continued", "continuing", "escalation",
                      "decline", "tally", "recent"}))
        sentence_trend[sidx] = 1;
      else if (IsOneOf(w, {"dozens", "hundreds", "thousands"}) && sentence_trend[sidx] == 0)
        sentence_trend[sidx] = 3;
    }
  }

  std::vector<uint8_t> date_token(tokens.size(), 0);
  for (const auto& d : doc->dates)
    for (uint32_t t = d.b; t < d.e && t < tokens.size(); ++t) date_token[t] = 1;
  matches.clear();
  k.trigger_phrases.FindAll(doc->text, doc->lower, tokens, keys, &matches);
  for (const auto& m : matches) {
    // "regime-backed gunmen" is an actor, not a shooting (protest words are both the crowd
    // and the event; "U.S. strike" is a trigger that contains an actor).
    if (int32_t ai = doc->actor_at[m.first_token]; ai >= 0) {
      const ActorMention& a = doc->actors[ai];
      // A weapon inside the actor's name is still the event: "Israeli air strikes killed".
      const int inter = k.actors[a.actor].inter;
      const TriggerEntry& inside = k.triggers[m.payload];
      if (inter != 6 && inter != 5 && m.end_token <= a.e && (inside.generic || inside.weight < 7))
        continue;
    }
    // "unknown gunmen killed a young man": the verb is an event only after its agent.
    if (k.triggers[m.payload].agentive) {
      // "presumed ISGS militants killed": the agent may carry a plain noun after its name.
      // So may an adverb or a parenthesis: "gunmen reportedly killed", "fighters (VDPs) killed".
      uint32_t before = m.first_token;
      while (before > 0 && m.first_token - before < 2 && doc->actor_at[before - 1] < 0 &&
             IsOneOf(doc->LowerToken(before - 1),
                     {"reportedly", "allegedly", "also", "then", "later", "had", "have", "has",
                      "reportedly", "deliberately", "again", "brutally", "severely", "seriously",
                      "fatally", "critically"}))
        --before;
      if (before > 1 && doc->TokenText(before - 1) == ")") {
        uint32_t open = before - 1;
        while (open > 0 && before - open < 8 && doc->TokenText(open) != "(") --open;
        if (doc->TokenText(open) == "(") before = open;
      }
      uint32_t noun_end = before;
      while (before > 0 && noun_end - before < 2 && doc->actor_at[before - 1] < 0 &&
             IsOneOf(doc->LowerToken(before - 1),
                     {"militants", "fighters", "members", "elements", "forces", "troops",
                      "soldiers", "cells", "commandos", "gunmen", "men", "personnel"}))
        --before;
      int32_t ai = before > 0 ? doc->actor_at[before - 1] : -1;
      // "Iraqi forces in Ghaydah in Kirkuk province killed": across the place they were in.
      if (ai < 0) {
        uint32_t t = before;
        while (t > 0 && before - t < 10 && doc->actor_at[t - 1] < 0 &&
               (tokens[t - 1].is(kCapitalized) ||
                IsOneOf(doc->LowerToken(t - 1), {"in", "near", "of", "the", "province", "district",
                                                 "city", "town", "village", "area", "-"})))
          --t;
        if (t < before && t > 0 && IsOneOf(doc->LowerToken(t), {"in", "near"}))
          ai = doc->actor_at[t - 1];
      }
      // "unknown gunmen entered the village of Boungou ..., and killed two people": the
      // subject of the first verb of the sentence is the agent of the second.
      if (ai < 0 && before > 0 && doc->LowerToken(before - 1) == "and") {
        uint32_t sb = doc->sentence_begin[doc->SentenceOf(before - 1)];
        for (uint32_t t = before - 1; t > sb && before - t < 25; --t) {
          int32_t cand = doc->actor_at[t - 1];
          if (cand < 0) continue;
          int inter = k.actors[doc->actors[cand].actor].inter;
          bool first_of_sentence = cand == 0 || doc->actors[cand - 1].b < sb;
          if (inter >= 1 && inter <= 4 && first_of_sentence) ai = cand;
          break;
        }
      }
      if (ai < 0 || k.actors[doc->actors[ai].actor].inter == 7 ||
          k.actors[doc->actors[ai].actor].inter == 6)
        continue;
    }
    // "protesters blocked the road" is a protest; "12 protesters were killed" and "fired on
    // protesters" tell of one, and add to it.
    if (k.triggers[m.payload].crowd) {
      std::string_view next = m.end_token < tokens.size() ? doc->LowerToken(m.end_token) : "";
      std::string_view prev = m.first_token > 0 ? doc->LowerToken(m.first_token - 1) : "";
      if (IsOneOf(next, {"were", "was", "had", "have", "killed", "wounded", "injured", "died",
                         "dead", "arrested", "detained"}) ||
          IsOneOf(prev, {"on", "at", "against", "killing", "wounding", "injuring", "killed",
                         "wounded", "injured", "dispersed", "arrested", "detained"}))
        continue;
    }
    // "March" in "On 5 March 2021" is a month, not a protest march.
    if (date_token[m.first_token]) continue;
    TriggerMention tm{m.first_token, m.end_token, m.payload};
    // Look back over one adjective: "the recent explosion", "an attempted detonation". Verb
    // forms ("The Houthis targeted") take no article.
    std::string_view head = doc->LowerToken(m.first_token);
    bool verb_form =
        m.end_token == m.first_token + 1 && head.size() > 3 &&
        (head.substr(head.size() - 2) == "ed" || head.substr(head.size() - 3) == "ing");
    for (uint32_t back = 1; back <= 2 && m.first_token >= back && !verb_form; ++back) {
      std::string_view w = doc->LowerToken(m.first_token - back);
      // ("its aerial bombardment" is possessive, not a reference back.)
      if (IsOneOf(w, {"the", "this", "that", "these"}))
        tm.definite = true;
      else if (IsOneOf(w, {"a", "an", "another"}))
        tm.indefinite = true;
      else
        continue;
      break;
    }
    const TriggerEntry& te = k.triggers[m.payload];
    std::string_view last = doc->LowerToken(m.end_token - 1);
    // A plural trigger reports a trend only with a trend word in its sentence: "attacks of
    // this sort have been on the rise" (but "explosions rocked the city" is an event).
    // Frequency words make any trigger a trend: "has been attacked three times"; so does a
    // count of attacks ("174 attacks since January").
    bool plural = te.plural && !last.empty() && last.back() == 's';
    // (A count before a crowd is its size: "hundreds of protesters".)
    const bool crowd = te.type == EventType::kProtests || te.type == EventType::kRiots;
    if (!last.empty() && last.back() == 's' && !crowd) {
      // ("two rockets", "several explosions" are one incident's count; "174 attacks" a tally.)
      if (int32_t ni = doc->number_end_at[m.first_token]; ni >= 0) {
        const auto& n = doc->numbers[ni].n;
        bool small = n.value ? *n.value < 10
                             : IsOneOf(doc->LowerToken(m.first_token - 1),
                                       {"several", "few", "some", "multiple"});
        tm.negated_or_trend |= !n.is_year_like && !n.is_ordinal && !small;
      }
    }
    // "gunmen armed with rifles and grenades": the weapons carried, not how they attacked.
    for (uint32_t back = 1; back <= 5 && m.first_token >= back + 1; ++back) {
      if (doc->LowerToken(m.first_token - back - 1) == "armed" &&
          doc->LowerToken(m.first_token - back) == "with")
        tm.instrument = true;
      if (doc->LowerToken(m.first_token - back) == "carrying") tm.instrument = true;
    }
    // "an operation backed by airstrikes", "under cover of shelling": support of the main
    // action, not an attack of its own.
    if (m.first_token >= 2 && doc->TokenText(m.first_token - 1) == "by" &&
        IsOneOf(doc->TokenText(m.first_token - 2), {"backed", "supported", "covered"}))
      tm.instrument = true;
    if (m.first_token >= 2 && doc->TokenText(m.first_token - 1) == "of" &&
        IsOneOf(doc->TokenText(m.first_token - 2), {"support", "cover"}))
      tm.instrument = true;
    // Negated or unreal: "prevented a major offensive", "threatened an attack", "no attack".
    for (uint32_t back = 1; back <= 3 && m.first_token >= back; ++back) {
      std::string_view w = doc->LowerToken(m.first_token - back);
      if (IsOneOf(w, {"prevented", "prevent",    "averted",     "avoid",     "no",      "not",
                      "without",   "threatened", "threatening", "threatens", "planned", "planning",
                      "plans",     "would",      "could",       "might",     "warned",  "foiled",
                      "reduced",   "reduce",     "reducing",    "curb",      "curbed",  "halted",
                      "halt",      "stopped",    "stop",        "banned",    "ban"})) {
        tm.negated_or_trend = true;
        break;
      }
      if (doc->TokenText(m.first_token - back) == "," || w == "and") break;
    }
    // "reduced air strikes and shelling": a coordinated trigger shares the first's negation.
    if (!tm.negated_or_trend && m.first_token >= 1 && doc->LowerToken(m.first_token - 1) == "and" &&
        !doc->triggers.empty() && doc->triggers.back().e + 1 == m.first_token &&
        doc->triggers.back().negated_or_trend)
      tm.negated_or_trend = true;
    // "a lasting deal would need ...": a modal after the trigger makes it unreal too.
    if (m.end_token < tokens.size() &&
        IsOneOf(doc->LowerToken(m.end_token), {"would", "could", "might"}))
      tm.negated_or_trend = true;
    uint8_t trend = sentence_trend[doc->SentenceOf(m.first_token)];
    if (trend == 2 || (plural && (trend == 1 || (trend == 3 && !crowd))))
      tm.negated_or_trend = true;
    doc->triggers.push_back(tm);
  }

  matches.clear();
  k.casualty_phrases.FindAll(doc->text, doc->lower, tokens, keys, &matches);
  for (const auto& m : matches) doc->casualties.push_back({m.first_token, m.end_token, m.payload});

}

}  // namespace sitrep::mentions
