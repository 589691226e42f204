#include "text/phrases.h"

#include <algorithm>

namespace sitrep::text {

void PhraseMatcher::Add(std::string_view phrase, uint32_t payload) {
  phrase = TrimWhitespace(phrase);
  if (phrase.empty()) return;
  Entry e;
  e.payload = payload;
  bool has_lower = false, has_upper = false;
  for (char c : phrase) {
    if (c >= 'a' && c <= 'z') has_lower = true;
    if (c >= 'A' && c <= 'Z') has_upper = true;
  }
  std::string p(phrase);
  if (p.back() == '*') {
    e.prefix_last = true;
    p.pop_back();
  }
  if (has_upper && !has_lower) e.exact = p;
  std::vector<Token> toks;
  Tokenize(p, &toks);
  std::string lower = LowerAscii(p);
  for (const Token& t : toks) e.words.emplace_back(t.span.of(lower));
  if (e.words.empty()) return;
  uint32_t index = static_cast<uint32_t>(entries_.size());
  keys_.push_back(e.words[0]);
  std::string_view key = keys_.back();
  if (e.prefix_last && e.words.size() == 1) {
    if (key.size() >= kStemKey) {
      std::string_view k = key.substr(0, kStemKey);
      by_stem_[k].push_back(index);
      bloom_stem_[KeyHash(k) & (kBloomBits - 1)] = true;
    } else {
      short_stems_.push_back(index);
    }
  } else {
    by_first_[key].push_back(index);
    bloom_first_[KeyHash(key) & (kBloomBits - 1)] = true;
  }
  entries_.push_back(std::move(e));
}

bool PhraseMatcher::MatchAt(const Entry& e, std::string_view text, std::string_view lower,
                            size_t skip, const std::vector<Token>& tokens, uint32_t at,
                            uint32_t* end) const {
  size_t k = e.words.size();
  if (at + k > tokens.size()) return false;
  if (skip > 0 && !e.exact.empty()) return false;
  for (size_t w = 0; w < k; ++w) {
    std::string_view tok = tokens[at + w].span.of(lower);
    if (w == 0) tok.remove_prefix(std::min(skip, tok.size()));
    bool last = w + 1 == k;
    if (last && e.prefix_last) {
      if (tok.substr(0, e.words[w].size()) != e.words[w]) return false;
    } else if (tok != e.words[w]) {
      return false;
    }
  }
  if (!e.exact.empty()) {
    // Case-sensitive: compare the original spelling, token by token (spacing may differ).
    std::string joined;
    for (size_t w = 0; w < k; ++w) joined.append(tokens[at + w].span.of(text));
    std::string want;
    for (char c : e.exact)
      if (c != ' ') want.push_back(c);
    if (e.prefix_last ? joined.substr(0, want.size()) != want : joined != want) return false;
  }
  *end = static_cast<uint32_t>(at + k);
  return true;
}

void PhraseMatcher::FindAll(std::string_view text, std::string_view lower,
                            const std::vector<Token>& tokens, std::vector<PhraseMatch>* out) const {
  TokenKeys keys;
  ComputeTokenKeys(lower, tokens, &keys);
  FindAll(text, lower, tokens, keys, out);
}

void PhraseMatcher::FindAll(std::string_view text, std::string_view lower,
                            const std::vector<Token>& tokens, const TokenKeys& keys,
                            std::vector<PhraseMatch>* out) const {
  uint32_t i = 0, n = static_cast<uint32_t>(tokens.size());
  while (i < n) {
    const Token& t = tokens[i];
    uint32_t best_end = 0;
    uint32_t best_payload = 0;
    if (t.is(kWord) || t.is(kPunct)) {
      std::string_view w = t.span.of(lower);
      auto consider = [&](const std::vector<uint32_t>& ids, size_t skip = 0) {
        for (uint32_t id : ids) {
          uint32_t end = 0;
          if (MatchAt(entries_[id], text, lower, skip, tokens, i, &end) && end > best_end) {
            best_end = end;
            best_payload = entries_[id].payload;
          }
        }
      };
      if (MayStart(keys.word[i])) {
        if (auto it = by_first_.find(w); it != by_first_.end()) consider(it->second);
      }
      // Arabic writes "and", "by", "to", "in" joined to the next word: "بقوات", "ولمقتل".
      if (t.is(kArabic) && best_end == 0) {
        for (size_t skip = 2; skip <= 4 && HasArabicClitic(w.substr(skip - 2)); skip += 2) {
          std::string_view rest = w.substr(skip);
          if (auto it = by_first_.find(rest); it != by_first_.end()) consider(it->second, skip);
          if (best_end > 0) break;
        }
      }
      if (t.is(kWord)) {
        if (w.size() >= kStemKey && MayStem(keys.prefix[i])) {
          if (auto it = by_stem_.find(w.substr(0, kStemKey)); it != by_stem_.end())
            consider(it->second);
        }
        if (!short_stems_.empty()) consider(short_stems_);
      }
    }
    if (best_end > i) {
      out->push_back({i, best_end, best_payload});
      i = best_end;
    } else {
      ++i;
    }
  }
}

}  // namespace sitrep::text
