#include "text/lexicon.h"

#include <algorithm>

namespace sitrep::text {

Vocabulary::Vocabulary() : offsets_{0, 0}, slots_(1024) {}

void Vocabulary::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id == 0) continue;
    size_t i = s.hash & mask;
    while (slots_[i].id != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

uint32_t Vocabulary::Intern(std::string_view lower_word) {
  if (uint32_t id = Find(lower_word); id != 0) return id;
  if ((size() + 1) * 2 > slots_.size()) Grow();
  const uint32_t hash = KeyHash(lower_word);
  const size_t mask = slots_.size() - 1;
  size_t i = hash & mask;
  while (slots_[i].id != 0) i = (i + 1) & mask;
  auto id = static_cast<uint32_t>(size());
  bytes_.append(lower_word);
  offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
  slots_[i] = {hash, id};
  filter_[FilterBit(hash) / 64] |= uint64_t{1} << (FilterBit(hash) % 64);
  return id;
}

uint32_t Vocabulary::Find(std::string_view lower_word, uint32_t hash) const {
  if (!MayContain(hash)) return 0;
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id == 0) return 0;
    if (s.hash == hash && WordOf(s.id) == lower_word) return s.id;
  }
}

void Vocabulary::IdsOf(std::string_view lower, std::vector<Token>* tokens, const TokenKeys& keys,
                       std::vector<uint32_t>* ids) const {
  ids->resize(tokens->size());
  std::vector<ArabicStem> stems;
  std::string scratch;
  for (size_t i = 0; i < tokens->size(); ++i) {
    Token& t = (*tokens)[i];
    std::string_view key = t.key(lower);
    uint32_t id = Find(key, keys.word[i]);
    if (id == 0 && t.is(kArabic)) {
      // (Room for the stems of most words at once, not growth by doubling at every longer one.)
      if (stems.capacity() == 0) {
        stems.reserve(32);
        scratch.reserve(1024);
      }
      ArabicStems(key, &stems, &scratch, t.is(kFinalTaMarbuta));
      for (const ArabicStem& stem : stems) {
        if ((id = Find(stem.text)) == 0) continue;
        if (stem.kind == StemKind::kProclitic) t.flags |= kJoinedClitic;
        break;
      }
    }
    (*ids)[i] = id;
  }
}

Lexicon::Lexicon(size_t kinds) : counts_(kinds, 0) {}

void Lexicon::Add(size_t kind, std::string_view phrase, uint32_t payload) {
  phrase = TrimWhitespace(phrase);
  if (phrase.empty()) return;
  Entry e;
  e.kind = static_cast<uint32_t>(kind);
  e.payload = payload;
  bool has_lower = false, has_upper = false;
  for (char c : phrase) {
    if (c >= 'a' && c <= 'z') has_lower = true;
    if (c >= 'A' && c <= 'Z') has_upper = true;
  }
  std::string p(phrase);
  bool prefix_last = false;
  if (p.back() == '*') {
    prefix_last = true;
    p.pop_back();
  }
  if (has_upper && !has_lower)
    for (char c : p)
      if (c != ' ') e.exact.push_back(c);
  std::vector<Token> toks;
  Tokenize(p, &toks);
  if (toks.empty()) return;
  std::string lower;
  if (!FoldForMatching(p, &toks, &lower)) lower = LowerAscii(p);
  for (size_t i = 0; i < toks.size(); ++i) {
    std::string_view w = toks[i].key(lower);
    if (prefix_last && i + 1 == toks.size())
      e.last_stem = std::string(w);
    else
      e.word_ids.push_back(vocabulary_.Intern(w));
  }
  auto index = static_cast<uint32_t>(entries_.size());
  if (prefix_last && toks.size() == 1) {
    if (e.last_stem.size() >= kStemKey) {
      const uint32_t key = KeyHash(std::string_view(e.last_stem).substr(0, kStemKey));
      by_stem_[key].push_back(RefOf(e, index));
      stem_filter_.Add(key);
    } else {
      short_stems_.push_back(RefOf(e, index));
      if (e.last_stem.empty()) {  // (matches every token)
        for (uint64_t& bits : short_stem_starts_) bits = ~uint64_t{0};
        empty_short_stem_ = true;
      } else {
        const auto first = static_cast<unsigned char>(e.last_stem[0]);
        short_stem_starts_[first / 64] |= uint64_t{1} << (first % 64);
      }
    }
  } else {
    uint32_t first = e.word_ids.front();
    if (first >= by_first_.size()) by_first_.resize(first + 1);
    by_first_[first].push_back(RefOf(e, index));
    if (first / 64 >= has_first_.size()) has_first_.resize(first / 64 + 1);
    has_first_[first / 64] |= uint64_t{1} << (first % 64);
  }
  ++counts_[kind];
  entries_.push_back(std::move(e));
}

Lexicon::EntryRef Lexicon::RefOf(const Entry& e, uint32_t index) {
  EntryRef ref;
  ref.index = index;
  ref.kind = e.kind;
  ref.payload = e.payload;
  ref.second = e.word_ids.size() >= 2 ? e.word_ids[1] : 0;
  ref.single = e.word_ids.size() == 1 && e.last_stem.empty() && e.exact.empty();
  return ref;
}

namespace {

// Do tokens [at, at + k) of `text`, joined without what separates them, spell `want` (or,
// when `prefix`, begin with it)?
bool SpelledAs(std::string_view want, bool prefix, std::string_view text,
               const std::vector<Token>& tokens, uint32_t at, size_t k) {
  size_t pos = 0;
  for (size_t w = 0; w < k; ++w) {
    std::string_view part = tokens[at + w].span.of(text);
    if (prefix && pos + part.size() >= want.size())
      return part.substr(0, want.size() - pos) == want.substr(pos);
    if (part != want.substr(pos, part.size())) return false;
    pos += part.size();
  }
  return pos == want.size();
}

}  // namespace

bool Lexicon::MatchAt(const Entry& e, std::string_view text, std::string_view lower,
                      const std::vector<Token>& tokens, const std::vector<uint32_t>& ids,
                      uint32_t at, uint32_t* end) const {
  const size_t k = e.word_ids.size() + (e.last_stem.empty() ? 0 : 1);
  if (at + k > tokens.size()) return false;
  // The first word was matched by the caller (by id, which may be a stem's, or as a stem);
  // the others by id, never across a joined conjunction or preposition ("قوات والنظام" is no
  // "قوات النظام"), the stem by prefix.
  for (size_t w = 1; w < e.word_ids.size(); ++w)
    if (ids[at + w] != e.word_ids[w] || tokens[at + w].is(kJoinedClitic)) return false;
  if (!e.last_stem.empty()) {
    std::string_view tok = tokens[at + k - 1].key(lower);
    if (tok.substr(0, e.last_stem.size()) != e.last_stem) return false;
  }
  // Case-sensitive: compare the original spelling, token by token (spacing may differ).
  if (!e.exact.empty() && !SpelledAs(e.exact, !e.last_stem.empty(), text, tokens, at, k))
    return false;
  *end = static_cast<uint32_t>(at + k);
  return true;
}

void Lexicon::FindAll(std::string_view text, std::string_view lower,
                      const std::vector<Token>& tokens, const TokenKeys& keys,
                      const std::vector<uint32_t>& ids,
                      std::vector<std::vector<PhraseMatch>>* out) const {
  const size_t kinds = counts_.size();
  out->resize(kinds);
  for (auto& v : *out) v.clear();
  std::vector<uint32_t> next_free(kinds, 0);  // per kind: first token after its last match
  uint32_t first_free = 0;                    // the least of next_free
  // best_end is all zeros between tokens: only a token with a match resets it.
  std::vector<uint32_t> best_end(kinds, 0), best_payload(kinds);
  const auto n = static_cast<uint32_t>(tokens.size());
  for (uint32_t i = 0; i < n; ++i) {
    if (first_free > i) continue;  // every kind is inside a match
    bool matched = false;
    auto consider = [&](const std::vector<EntryRef>& refs) {
      for (const EntryRef& ref : refs) {
        if (next_free[ref.kind] > i) continue;
        uint32_t end = i + 1;
        if (!ref.single) {
          if (ref.second != 0 && (i + 1 >= n || ids[i + 1] != ref.second)) continue;
          if (!MatchAt(entries_[ref.index], text, lower, tokens, ids, i, &end)) continue;
        }
        if (end > best_end[ref.kind]) {
          best_end[ref.kind] = end;
          best_payload[ref.kind] = ref.payload;
          matched = true;
        }
      }
    };
    const Token& t = tokens[i];
    if (const auto* list = ByFirst(ids[i])) consider(*list);
    if (t.is(kWord)) {
      if (t.span.size() >= kStemKey && stem_filter_.MayContain(keys.prefix[i])) {
        if (auto it = by_stem_.find(keys.prefix[i]); it != by_stem_.end()) consider(it->second);
      }
      // (A short stem matches a token whose matching form starts with its first byte.)
      if (const std::string_view key = t.key(lower);
          key.empty() ? empty_short_stem_ : StartsShortStem(static_cast<unsigned char>(key[0])))
        consider(short_stems_);
    }
    if (!matched) continue;
    for (size_t kind = 0; kind < kinds; ++kind) {
      if (best_end[kind] > i) {
        (*out)[kind].push_back({i, best_end[kind], best_payload[kind]});
        next_free[kind] = best_end[kind];
      }
      best_end[kind] = 0;
    }
    first_free = *std::min_element(next_free.begin(), next_free.end());
  }
}

}  // namespace sitrep::text
