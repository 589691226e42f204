#include "mentions/mentions.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace sitrep::mentions {
namespace {

// "killed a man at a checkpoint", "on his way to the police station": a post named as where
// something happened is no party to it ("attacked a checkpoint", "fired at a checkpoint" are).
bool IsVenueNotParty(const Document& doc, uint32_t b, uint32_t e) {
  if (!doc.Is(Word::kVenueNoun, e - 1)) return false;
  uint32_t k = b;
  while (k > 0 && doc.Is(Word::kVenueModifier, k - 1)) --k;
  if (k == 0 || !doc.Is(Word::kVenuePreposition, k - 1)) return false;
  return !(k >= 2 && doc.Is(Word::kAttackOnVenue, k - 2));
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

// Adds mentions found after the lexicon's (moved from `found`), keeping the actors in text
// order and actor_at in step.
void AddActorMentions(std::vector<ActorMention>* found, Document* doc) {
  for (auto& am : *found) doc->actors.push_back(std::move(am));
  std::sort(doc->actors.begin(), doc->actors.end(),
            [](const ActorMention& a, const ActorMention& b) { return a.b < b.b; });
  doc->actor_at.assign(doc->tokens.size(), -1);
  for (size_t i = 0; i < doc->actors.size(); ++i)
    for (uint32_t t = doc->actors[i].b; t < doc->actors[i].e; ++t)
      doc->actor_at[t] = static_cast<int32_t>(i);
}

// "a group calling itself the Martyrs Brigade", "militants known as Ansar al-Din": a group the
// dictionary does not know, named by the text after a word for a group and a naming phrase.
void FindNamedGroups(const Knowledge& k, Document* doc) {
  const auto& tokens = doc->tokens;
  std::vector<ActorMention> named;
  for (uint32_t t = 1; t + 1 < tokens.size(); ++t) {
    uint32_t end = doc->PhraseEnd(Word::kNamingPhrase, t);
    if (end == 0 || !doc->Is(Word::kGroupNoun, t - 1)) continue;
    uint32_t b = end;
    if (b < tokens.size() && doc->Is(Word::kThe, b)) ++b;
    uint32_t e = b;
    // (Capitalised words, joined by hyphens and the particles of names: "Ansar al-Fath".)
    while (e < tokens.size() && e < b + 6 && doc->actor_at[e] < 0 && doc->agency_at[e] < 0 &&
           (tokens[e].is(kCapitalized) ||
            (e > b && doc->TokenText(e) == "-" && !tokens[e].is(kSpaceBefore)) ||
            (e > b && e + 1 < tokens.size() && doc->Is(Word::kNameParticle, e) &&
             (tokens[e + 1].is(kCapitalized) || doc->TokenText(e + 1) == "-"))))
      ++e;
    if (e == b || doc->TokenText(e - 1) == "-") continue;
    ActorMention am{b, e, static_cast<uint32_t>(k.named_group), {}, {}};
    am.name = std::string(doc->TokenSpan(b, e).of(doc->text));
    named.push_back(std::move(am));
    t = e;
  }
  if (named.empty()) return;
  AddActorMentions(&named, doc);
}

// "A Russian missile struck", "Israeli shelling", "a Turkish drone": a nationality right
// before a weapon of war names that country's armed forces (an alias names only the few
// pairs the dictionary lists: "Turkish drones").
void FindNationalWeapons(const Knowledge& k, Document* doc) {
  const auto& tokens = doc->tokens;
  std::vector<ActorMention> found;
  for (const auto& m : doc->phrases[kNationalityPhrase]) {
    const uint32_t b = m.first_token, e = m.end_token;
    if (e >= tokens.size() || !doc->Is(Word::kForceWeapon, e) || doc->actor_at[e] >= 0) continue;
    const int n = static_cast<int>(m.payload);
    bool taken = false;
    for (uint32_t t = b; t < e; ++t) taken |= doc->actor_at[t] >= 0;
    // ("a Turkish air drone operated by GNA": the make of the weapon, not who used it.)
    for (uint32_t t = e + 1; t < tokens.size() && t <= e + 3 && !taken; ++t)
      taken = doc->PhraseEnd(Word::kOperatedBy, t) != 0;
    if (taken) continue;
    found.push_back({b, e + 1, static_cast<uint32_t>(k.national_military), k.countries[n], {}});
  }
  if (found.empty()) return;
  AddActorMentions(&found, doc);
}

// "Al-Shabaab stormed a hotel ... In July, the group killed five soldiers": "the group", "the
// jihadist group", "the militants" with no name of their own stand for the armed group named
// last before them, within three sentences (a group the dictionary names, not a description
// such as "gunmen"). Each becomes a mention of that group.
void FindGroupAnaphors(const Knowledge& k, Document* doc) {
  const auto& tokens = doc->tokens;
  // (From the first group the dictionary names: before it, "the group" stands for none.)
  uint32_t first = static_cast<uint32_t>(tokens.size());
  for (const ActorMention& am : doc->actors) {
    const ActorEntry& entry = k.actors[am.actor];
    if (entry.inter >= 2 && entry.inter <= 4 && entry.canonical.find('{') == std::string::npos) {
      first = am.e;
      break;
    }
  }
  std::vector<ActorMention> found;
  const auto& ids = doc->word_ids;
  for (uint32_t t = first; t + 1 < tokens.size(); ++t) {
    if (ids[t] != k.the_id || k.the_id == 0) continue;
    uint32_t h = t + 1;
    if (doc->Is(Word::kGroupAnaphorModifier, h) && h + 1 < tokens.size()) ++h;
    if (!doc->Is(Word::kGroupAnaphorHead, h)) continue;
    bool named = false;
    for (uint32_t u = t + 1; u <= h; ++u) named |= doc->actor_at[u] >= 0 || doc->agency_at[u] >= 0;
    // (Not a description that goes on: "the group of residents", "the group Ansar al-Fath".)
    const uint32_t after = h + 1;
    if (named || (after < tokens.size() &&
                  (doc->Is(Word::kOf, after) ||
                   (tokens[after].is(kCapitalized) && !tokens[after].is(kNewlineBefore)))))
      continue;
    const uint32_t sentence = doc->SentenceOf(t);
    for (size_t i = doc->actors.size(); i-- > 0;) {
      const ActorMention& am = doc->actors[i];
      if (am.e > t) continue;
      if (sentence - doc->SentenceOf(am.b) > 3) break;
      const ActorEntry& entry = k.actors[am.actor];
      if (entry.inter < 2 || entry.inter > 4 || entry.canonical.find('{') != std::string::npos)
        continue;
      found.push_back({t + 1, h + 1, am.actor, am.country, am.name});
      break;
    }
    t = h;
  }
  if (found.empty()) return;
  AddActorMentions(&found, doc);
}

}  // namespace

uint32_t Document::SentenceOf(uint32_t token) const {
  if (token < sentence_of.size()) return sentence_of[token];
  auto it = std::upper_bound(sentence_begin.begin(), sentence_begin.end(), token);
  return static_cast<uint32_t>(std::max<ptrdiff_t>(0, (it - sentence_begin.begin()) - 1));
}

void FillTokens(Document* doc) {
  LowerAscii(doc->text, &doc->lower);
  Tokenize(doc->text, &doc->tokens, &doc->token_keys);
  doc->tokenized = true;
}

void FindMentions(const MentionResources& res, const std::optional<dates::CivilDate>& published,
                  Document* doc) {
  const Knowledge& k = *res.knowledge;
  if (!doc->tokenized) FillTokens(doc);
  // The lexicon compares words in matching form: Arabic folded (text/arabic.h). A text with no
  // Arabic letter has the same form as `lower` and its keys.
  doc->match.clear();
  if (text::FoldForMatching(doc->text, &doc->tokens, &doc->match))
    ComputeTokenKeys(doc->match, doc->tokens, &doc->match_keys);
  const auto& tokens = doc->tokens;
  doc->sentence_begin.clear();
  text::TokenCursor sentence_tokens(tokens);
  for (const Span& s : doc->sentences)
    doc->sentence_begin.push_back(sentence_tokens.AtOrAfter(s.begin));
  doc->sentence_begin.push_back(static_cast<uint32_t>(tokens.size()));
  // (As SentenceOf's search reads sentence_begin: the last sentence that begins at or
  // before the token.)
  doc->sentence_of.resize(tokens.size());
  for (uint32_t t = 0, s = 0; t < tokens.size(); ++t) {
    while (s < doc->sentence_begin.size() && doc->sentence_begin[s] <= t) ++s;
    doc->sentence_of[t] = s > 0 ? s - 1 : 0;
  }

  // Every token is looked up once; one pass finds the phrases of every dictionary.
  doc->words = &k.words;
  const TokenKeys& keys = doc->MatchKeys();
  k.lexicon.vocabulary().IdsOf(doc->Match(), &doc->tokens, keys, &doc->word_ids);
  k.lexicon.FindAll(doc->text, doc->Match(), tokens, keys, doc->word_ids, &doc->phrases);

  // Nationality words, to fill "{country}" in actor names.
  std::vector<int> nationality_ending_at(tokens.size() + 1, -1);
  std::vector<uint32_t> nationality_begin(tokens.size() + 1, 0);  // by its end
  for (const auto& m : doc->phrases[kNationalityPhrase]) {
    nationality_ending_at[m.end_token] = static_cast<int>(m.payload);
    nationality_begin[m.end_token] = m.first_token;
  }

  std::vector<bool> known_agency(tokens.size(), false);
  for (const auto& m : doc->phrases[kAgencyPhrase]) {
    doc->agencies.push_back({m.first_token, m.end_token, m.payload});
    for (uint32_t t = m.first_token; t < m.end_token; ++t) known_agency[t] = true;
  }
  for (uint32_t t = 0; t + 1 < tokens.size(); ++t) {
    if (!tokens[t].is(kCapitalized) || !doc->Is(Word::kAgencyWord, t + 1)) continue;
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

  doc->actor_at.assign(tokens.size(), -1);
  for (const auto& m : doc->phrases[kActorPhrase]) {
    if (doc->agency_at[m.first_token] >= 0) continue;
    if (IsVenueNotParty(*doc, m.first_token, m.end_token)) continue;
    // "pro-Turkey rebel factions", "anti-Houthi tribesmen": a side named by whom it backs or
    // fights is not that actor (aliases that are such names, "pro-Houthi forces", match whole).
    if (m.first_token >= 2 && doc->TokenText(m.first_token - 1) == "-" &&
        !tokens[m.first_token - 1].is(kSpaceBefore) &&
        doc->Is(Word::kSidePrefix, m.first_token - 2))
      continue;
    ActorMention am{m.first_token, m.end_token, m.payload, {}, {}};
    if (int n = nationality_ending_at[m.first_token]; n >= 0) {
      am.country = k.countries[n];
      // "Burundian and Rwandan soldiers", "Kenyan, Ethiopian and Somali troops": each
      // nationality listed before the one the force's name follows names a force of its own.
      std::vector<ActorMention> listed;
      uint32_t at = nationality_begin[m.first_token];
      while (at >= 2 && (doc->Is(Word::kAnd, at - 1) || doc->TokenText(at - 1) == ",") &&
             nationality_ending_at[at - 1] >= 0 && doc->actor_at[at - 2] < 0) {
        const uint32_t e = at - 1, b = nationality_begin[e];
        if (!doc->actors.empty() && doc->actors.back().e > b) break;
        listed.push_back({b, e, m.payload, k.countries[nationality_ending_at[e]], {}});
        at = b;
      }
      for (auto it = listed.rbegin(); it != listed.rend(); ++it) {
        for (uint32_t t = it->b; t < it->e; ++t)
          doc->actor_at[t] = static_cast<int32_t>(doc->actors.size());
        doc->actors.push_back(std::move(*it));
      }
    }
    for (uint32_t t = m.first_token; t < m.end_token; ++t)
      doc->actor_at[t] = static_cast<int32_t>(doc->actors.size());
    doc->actors.push_back(std::move(am));
  }

  if (k.national_military >= 0) FindNationalWeapons(k, doc);
  if (k.named_group >= 0) FindNamedGroups(k, doc);
  FindGroupAnaphors(k, doc);

  // Numbers and dates before triggers: a trigger's reading depends on them.
  doc->number_at.assign(tokens.size(), -1);
  doc->number_end_at.assign(tokens.size() + 1, -1);
  text::TokenCursor number_tokens(tokens);  // (the numbers come in text order)
  for (const auto& n : numbers::FindNumbers(doc->View(), *res.number_words)) {
    const uint32_t b = number_tokens.AtOrAfter(n.span.begin), e = number_tokens.EndAt(n.span.end);
    if (e <= b) continue;
    auto idx = static_cast<int32_t>(doc->numbers.size());
    for (uint32_t t = b; t < e; ++t) doc->number_at[t] = idx;
    doc->number_end_at[e] = idx;
    doc->numbers.push_back({b, e, n});
  }
  FindDateMentions(res, published, doc);

  FindTriggers(res, doc);

  for (const auto& m : doc->phrases[kCasualtyPhrase])
    doc->casualties.push_back({m.first_token, m.end_token, m.payload});
}

}  // namespace sitrep::mentions
