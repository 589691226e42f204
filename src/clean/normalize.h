// The clean stage's normalisation: one line of the original at a time, straight into the
// CleanDoc's buffers with the byte map (NFC, quotes, dashes, spaces, zero-width characters).
#pragma once

#include <unicode/normalizer2.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "clean/clean.h"

namespace sitrep::clean {

// Appends normalised text with its byte map. Only this class touches the three buffers.
class Writer {
 public:
  explicit Writer(CleanDoc* doc) : doc_(doc) {}

  void Byte(char c, uint32_t orig) {
    doc_->text.push_back(c);
    doc_->to_original.push_back(orig);
  }
  // Bytes of one unit whose original is [orig_begin, orig_end). Every byte of it records
  // the unit's end, so a span ending anywhere inside covers the whole original character.
  void Unit(std::string_view bytes, uint32_t orig_begin, uint32_t orig_end) {
    for (char c : bytes) {
      Byte(c, orig_begin);
      if (orig_end != orig_begin + 1) {
        doc_->wide_ends.emplace_back(static_cast<uint32_t>(doc_->text.size() - 1), orig_end);
      }
    }
  }
  // original[begin, end) unchanged: each byte maps to itself.
  void Copy(std::string_view original, uint32_t begin, uint32_t end) {
    doc_->text.append(original.data() + begin, end - begin);
    size_t old = doc_->to_original.size();
    doc_->to_original.resize(old + (end - begin));
    uint32_t* map = doc_->to_original.data() + old;
    for (uint32_t k = 0; k < end - begin; ++k) map[k] = begin + k;
  }
  size_t size() const { return doc_->text.size(); }
  char back() const { return doc_->text.back(); }
  uint32_t back_orig() const { return doc_->to_original.back(); }
  void PopBack() {
    uint32_t idx = static_cast<uint32_t>(doc_->text.size() - 1);
    doc_->text.pop_back();
    doc_->to_original.pop_back();
    if (!doc_->wide_ends.empty() && doc_->wide_ends.back().first == idx) doc_->wide_ends.pop_back();
  }
  void Truncate(size_t n) {
    doc_->text.resize(n);
    doc_->to_original.resize(n);
    while (!doc_->wide_ends.empty() && doc_->wide_ends.back().first >= n)
      doc_->wide_ends.pop_back();
  }

 private:
  CleanDoc* doc_;
};

// Normalises the line starting at `pos` into `w`; returns the offset just past the line
// break (or the end). *line_end gets the offset of the break itself. Leading and trailing
// spaces go, inner runs of spaces become one ' '. `nfc` null: no NFC.
size_t NormalizeLine(std::string_view original, size_t pos, const icu::Normalizer2* nfc, Writer& w,
                     size_t* line_end);

// Whether NormalizeLine leaves a code point as it is: it has NFC_Quick_Check=Yes and
// canonical combining class 0.
bool IsNfcStable(UChar32 c);

// Whether a run of non-ASCII text goes through ICU's NFC: it is valid UTF-8 and holds a code
// point that is not IsNfcStable. Decided by a frozen ICU set of the stable code points.
bool RunNeedsNfc(std::string_view run);

}  // namespace sitrep::clean
