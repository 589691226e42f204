#include "places/names_over_mentions.h"

#include <cstdint>
#include <vector>

namespace sitrep::places {
namespace {

using mentions::Document;
using text::kCapitalized;
using text::kDigit;
using text::kWord;

// A town, not a hamlet: only a name this well known outweighs a dictionary's reading of one
// of its words.
constexpr int64_t kTownPopulation = 5000;

class NameFinder {
 public:
  NameFinder(GeoCache* cache, Document* doc) : cache_(*cache), doc_(*doc) {}

  // Does a longer name around tokens [b, e) name a town exactly?
  bool InsideTownName(uint32_t b, uint32_t e) const {
    const uint32_t s = doc_.SentenceOf(b);
    const uint32_t sb = doc_.sentence_begin[s], se = doc_.sentence_begin[s + 1];
    // (A date's preposition is no part of it: "in Mar del Plata" read "in Mar" as a month.)
    while (b < e && !doc_.tokens[b].is(kCapitalized) && doc_.tokens[b].is(kWord)) ++b;
    if (b == e) return false;
    for (uint32_t t = b; t < e; ++t)
      if (!NameWord(t)) return false;
    uint32_t l = b;
    while (l > sb && b - l < 2 && NameWord(l - 1) && !Claimed(l - 1)) --l;
    uint32_t r = e;
    while (r < se && r - e < 3) {
      if (NameWord(r) && !Claimed(r)) {
        ++r;
      } else if (doc_.Is(text::Word::kPlaceNameParticle, r) && r + 1 < se && NameWord(r + 1) &&
                 !Claimed(r + 1)) {
        r += 2;
      } else {
        break;
      }
    }
    if (l == b && r == e) return false;
    const std::string_view name = doc_.TokenSpan(l, r).of(doc_.text);
    // (Most runs around a mention are no name at all: "The Taliban", "Police Chief".)
    if (!cache_.gazetteer().MayContain(name)) return false;
    const auto& found = cache_.LookupAnywhere(name, kWinnerOnly);
    return !found.empty() && found.front().exact &&
           found.front().place.population >= kTownPopulation;
  }

 private:
  bool NameWord(uint32_t t) const {
    const auto& tok = doc_.tokens[t];
    return tok.is(kWord) && tok.is(kCapitalized) && !tok.is(kDigit);
  }
  // (Words another mention holds are not the name's: "SANA said Kfar ...".)
  bool Claimed(uint32_t t) const {
    return doc_.agency_at[t] >= 0 || doc_.date_at[t] >= 0 || doc_.actor_at[t] >= 0;
  }

  GeoCache& cache_;
  const Document& doc_;
};

// Erases the mentions `drop` marks and rebuilds `at`, the token-indexed lookup of `v`.
template <class M>
void EraseMentions(const std::vector<bool>& drop, std::vector<M>* v, std::vector<int32_t>* at) {
  size_t kept = 0;
  for (size_t i = 0; i < v->size(); ++i)
    if (!drop[i]) (*v)[kept++] = std::move((*v)[i]);
  v->resize(kept);
  std::fill(at->begin(), at->end(), -1);
  for (size_t i = 0; i < v->size(); ++i)
    for (uint32_t t = (*v)[i].b; t < (*v)[i].e; ++t) (*at)[t] = static_cast<int32_t>(i);
}

template <class M>
bool MarkYielding(const NameFinder& names, const std::vector<M>& v, std::vector<bool>* drop) {
  drop->assign(v.size(), false);
  bool any = false;
  for (size_t i = 0; i < v.size(); ++i)
    if (names.InsideTownName(v[i].b, v[i].e)) (*drop)[i] = any = true;
  return any;
}

}  // namespace

void YieldNamesToPlaces(GeoCache* cache, Document* doc) {
  NameFinder names(cache, doc);
  std::vector<bool> drop_agencies, drop_dates, drop_actors;
  // (All three are marked before any is erased: each reads the others' words as claimed.)
  const bool agencies = MarkYielding(names, doc->agencies, &drop_agencies);
  const bool dates = MarkYielding(names, doc->dates, &drop_dates);
  const bool actors = MarkYielding(names, doc->actors, &drop_actors);
  if (agencies) EraseMentions(drop_agencies, &doc->agencies, &doc->agency_at);
  if (dates) EraseMentions(drop_dates, &doc->dates, &doc->date_at);
  if (actors) {
    // A reflexive verb's subject is an index into the actors: renumber it.
    std::vector<int32_t> renumber(doc->actors.size(), -1);
    for (int32_t i = 0, k = 0; i < static_cast<int32_t>(doc->actors.size()); ++i)
      if (!drop_actors[i]) renumber[i] = k++;
    for (auto& tm : doc->triggers)
      if (tm.subject >= 0) tm.subject = renumber[tm.subject];
    EraseMentions(drop_actors, &doc->actors, &doc->actor_at);
  }
}

}  // namespace sitrep::places
