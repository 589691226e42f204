#include "mentions/lexicon.h"

#include <algorithm>

namespace sitrep::mentions {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

bool IsSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Arabic letters live in U+0600..U+06FF (lead bytes 0xD8..0xDB).
bool StartsArabic(std::string_view s) {
  return !s.empty() && static_cast<unsigned char>(s[0]) >= 0xD8 &&
         static_cast<unsigned char>(s[0]) <= 0xDB;
}

// Non-letter punctuation that is encoded in more than one byte (e.g. Arabic comma U+060C,
// guillemets) must not glue words together.
size_t MultiBytePunctLength(std::string_view s, size_t i) {
  auto c0 = static_cast<unsigned char>(s[i]);
  if (c0 == 0xD8 && i + 1 < s.size()) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 == 0x8C || c1 == 0x9B || c1 == 0x9F) return 2;  // ، ؛ ؟
  }
  if (c0 == 0xC2 && i + 1 < s.size()) {
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 == 0xAB || c1 == 0xBB || c1 == 0xA0) return 2;  // « » nbsp
  }
  if (c0 == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) return 3;
  return 0;
}

}  // namespace

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

void Tokenize(std::string_view s, std::vector<Token>* tokens) {
  tokens->clear();
  size_t i = 0, n = s.size();
  bool space = true, newline = true;
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (IsSpace(c)) {
      space = true;
      if (c == '\n') newline = true;
      ++i;
      continue;
    }
    Token t;
    t.span.begin = static_cast<uint32_t>(i);
    size_t mb = c >= 0x80 ? MultiBytePunctLength(s, i) : 0;
    if (mb) {
      i += mb;
      t.flags = kPunct;
    } else if (IsWordByte(c)) {
      size_t j = i;
      while (j < n && IsWordByte(static_cast<unsigned char>(s[j])) &&
             !(static_cast<unsigned char>(s[j]) >= 0x80 && MultiBytePunctLength(s, j)))
        ++j;
      // Keep "1,200" and "3.5" as one number.
      while (j + 1 < n && IsAsciiDigit(s[i]) && (s[j] == ',' || s[j] == '.') &&
             IsAsciiDigit(s[j + 1])) {
        ++j;
        while (j < n && IsAsciiDigit(s[j])) ++j;
      }
      // Initialisms: U.S. / U.N. / U.K.
      if (j - i == 1 && j + 2 < n && s[j] == '.' && IsAsciiAlpha(s[j + 1]) && s[j + 2] == '.') {
        j += 3;
        while (j + 1 < n && IsAsciiAlpha(s[j]) && s[j + 1] == '.') j += 2;
      }
      i = j;
      std::string_view w = s.substr(t.span.begin, j - t.span.begin);
      t.flags = kWord;
      if (IsAsciiDigit(w[0])) t.flags |= kDigit;
      if (IsAsciiUpper(w[0])) {
        t.flags |= kCapitalized;
        int letters = 0, upper = 0;
        for (char ch : w) {
          if (IsAsciiAlpha(ch)) {
            ++letters;
            if (IsAsciiUpper(ch)) ++upper;
          }
        }
        if (letters >= 2 && upper == letters) t.flags |= kAllCaps;
      }
      if (StartsArabic(w)) t.flags |= kArabic;
    } else {
      ++i;
      t.flags = kPunct;
    }
    t.span.end = static_cast<uint32_t>(i);
    if (space) t.flags |= kSpaceBefore;
    if (newline) t.flags |= kNewlineBefore;
    space = newline = false;
    tokens->push_back(t);
  }
}

uint32_t KeyHash(std::string_view s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

void ComputeTokenKeys(std::string_view lower, const std::vector<Token>& tokens, TokenKeys* keys) {
  keys->word.resize(tokens.size());
  keys->prefix.resize(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view w = tokens[i].span.of(lower);
    keys->word[i] = KeyHash(w);
    keys->prefix[i] = w.size() >= kStemKey ? KeyHash(w.substr(0, kStemKey)) : 0;
  }
}

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

Status ForEachTsvRow(const std::string& path, size_t min_fields,
                     const std::function<Status(const std::vector<std::string_view>&, int)>& row) {
  std::string content, error;
  if (!ReadFileToString(path, &content, &error)) return Status::NotFound(error);
  int line_no = 0;
  for (std::string_view line : SplitString(content, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (TrimWhitespace(line).empty() || line[0] == '#') continue;
    std::vector<std::string_view> fields = SplitString(line, '\t');
    if (fields.size() < min_fields) {
      return Status::InvalidInput(path + ":" + std::to_string(line_no) + ": expected at least " +
                                  std::to_string(min_fields) + " TAB-separated fields, found " +
                                  std::to_string(fields.size()));
    }
    Status st = row(fields, line_no);
    if (!st.ok())
      return Status(st.code(), path + ":" + std::to_string(line_no) + ": " + st.message());
  }
  return Status::Ok();
}

}  // namespace sitrep::mentions
