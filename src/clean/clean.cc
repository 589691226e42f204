// Clean stage: one pass over the original, line by line. Each line is normalised straight
// into the output buffer (with its byte map, normalize.cc), then classified (boilerplate
// rules, line_kinds.cc); a dropped line is rolled back by truncating the buffers, so kept
// text is copied exactly once.
#include "clean/clean.h"

#include <unicode/normalizer2.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "clean/line_kinds.h"
#include "clean/normalize.h"

namespace sitrep::clean {
namespace {

enum class Verdict { kKeep, kDrop, kCaption };

// The lines seen so far, by a 64-bit hash of their text: an open-addressing set that
// allocates only when it grows.
class SeenLines {
 public:
  // Adds `hash`; returns whether it was there already.
  bool Insert(uint64_t hash) {
    if (hash == 0) hash = 1;  // 0 marks an empty slot
    if ((count_ + 1) * 2 > slots_.size()) Grow();
    for (size_t i = hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i] == hash) return true;
      if (slots_[i] == 0) {
        slots_[i] = hash;
        ++count_;
        return false;
      }
    }
  }

 private:
  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
    count_ = 0;
    for (uint64_t h : old)
      if (h != 0) Insert(h);
  }

  std::vector<uint64_t> slots_;
  size_t count_ = 0;
};

// Does `line` end as a sentence does (".", "!", "?", or the Arabic question mark "؟"), not as a
// link or a label does?
bool EndsAsSentence(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.empty()) return false;
  const char last = line.back();
  return last == '.' || last == '!' || last == '?' || line.ends_with("\xD8\x9F");
}

}  // namespace

// ---- Clean ---------------------------------------------------------------------------

Span CleanDoc::MapSpan(Span s) const {
  const uint32_t n = static_cast<uint32_t>(text.size());
  if (to_original.size() != static_cast<size_t>(n) + 1) return {};
  uint32_t b = std::min(s.begin, n), e = std::min(s.end, n);
  if (e <= b) return {to_original[b], to_original[b]};
  uint32_t last = e - 1;
  auto it = std::lower_bound(wide_ends.begin(), wide_ends.end(), std::make_pair(last, 0u));
  uint32_t end = (it != wide_ends.end() && it->first == last) ? it->second : to_original[last] + 1;
  return {to_original[b], end};
}

CleanDoc Clean(std::string_view original) {
  static const Boilerplate kDefaults = Boilerplate::Defaults();  // immutable after init
  return Clean(original, kDefaults);
}

CleanDoc Clean(std::string_view original, const Boilerplate& rules) {
  CleanDoc doc;
  Clean(original, rules, &doc);
  return doc;
}

void Clean(std::string_view original, const Boilerplate& rules, CleanDoc* out) {
  CleanDoc& doc = *out;
  doc.text.clear();
  doc.to_original.clear();
  doc.captions.clear();
  doc.removed.clear();
  doc.wide_ends.clear();
  // Offsets are 32-bit; larger inputs are cut (ingest rejects them long before this).
  if (original.size() >= UINT32_MAX) original = original.substr(0, UINT32_MAX - 1);
  doc.text.reserve(original.size());
  doc.to_original.reserve(original.size() + 1);

  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err)) nfc = nullptr;

  // Script balance of the whole article decides whether an Arabic-only line is a link.
  const ScriptCounts article_scripts = CountScripts(original);
  const bool latin_article = article_scripts.latin > 4 * article_scripts.arabic;

  Writer w(&doc);
  SeenLines seen;
  std::string lower;
  lower.reserve(std::min<size_t>(original.size(), 4096));  // (a line's copy: not grown per line)
  bool title_seen = false, blank_since_kept = false;
  size_t pos = 0;
  while (pos < original.size()) {
    const size_t line_begin = pos;
    const size_t mark = w.size();
    // Speculative separator before the line; rolled back if the line goes.
    if (mark > 0) {
      w.Byte('\n', static_cast<uint32_t>(line_begin > 0 ? line_begin - 1 : 0));
      if (blank_since_kept)
        w.Byte('\n', static_cast<uint32_t>(line_begin > 0 ? line_begin - 1 : 0));
    }
    const size_t content = w.size();
    size_t line_end = 0;
    pos = NormalizeLine(original, pos, nfc, w, &line_end);
    std::string_view line(doc.text.data() + content, doc.text.size() - content);
    if (line.empty()) {
      w.Truncate(mark);
      if (mark > 0) blank_since_kept = true;
      continue;
    }
    const int words = CountWords(line);
    lower.assign(line);
    AsciiLowerInPlace(lower.data(), lower.size());

    Verdict verdict = Verdict::kKeep;
    const bool repeated = seen.Insert(std::hash<std::string_view>{}(line));
    if (!title_seen) {
      title_seen = true;  // the first line is the headline: always kept
    } else if (repeated) {
      // Repeated: dropped; a repeated caption is still listed as a caption.
      verdict =
          IsCreditCaption(line, words) || IsDateline(lower) ? Verdict::kCaption : Verdict::kDrop;
    } else if (int rule = rules.FirstMatch(lower, words); rule >= 0) {
      verdict = rules.rules()[rule].caption ? Verdict::kCaption : Verdict::kDrop;
    } else if (IsCreditCaption(line, words) || IsDateline(lower)) {
      verdict = Verdict::kCaption;
    } else if (!HasLetter(line) || IsCodeLine(line) || IsGluedHeadlines(line) ||
               IsHeadlineLike(line, words)) {
      verdict = Verdict::kDrop;
    } else if (latin_article && words <= 10 && !EndsAsSentence(line)) {
      // (A short Arabic sentence in an English report is a report of its own, read with the
      // Arabic words: "قتل مسلحون خمسة مدنيين في الفلوجة أمس.")
      const ScriptCounts line_scripts = CountScripts(line);
      if (line_scripts.arabic > line_scripts.latin)
        verdict = Verdict::kDrop;  // "Arabic version" link
    }
    if (verdict == Verdict::kKeep) {
      blank_since_kept = false;
      continue;
    }
    Span dropped{static_cast<uint32_t>(line_begin), static_cast<uint32_t>(line_end)};
    doc.removed.push_back(dropped);
    if (verdict == Verdict::kCaption) doc.captions.push_back(dropped);
    w.Truncate(mark);
  }
  uint32_t end_sentinel = static_cast<uint32_t>(original.size());
  if (!doc.text.empty()) {
    uint32_t last = static_cast<uint32_t>(doc.text.size() - 1);
    end_sentinel = (!doc.wide_ends.empty() && doc.wide_ends.back().first == last)
                       ? doc.wide_ends.back().second
                       : doc.to_original[last] + 1;
  }
  doc.to_original.push_back(end_sentinel);
}

}  // namespace sitrep::clean
