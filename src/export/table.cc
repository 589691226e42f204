// The terminal table, and the escaping that keeps article bytes from driving a terminal.
// Columns are sized from the width alone (not from the rows), so the table streams.
#include <array>
#include <cstdio>
#include <string>

#include "export/export.h"
#include "util/text.h"
#include "util/utf8.h"

namespace sitrep {
namespace exporter {
namespace {

// One code point at s[i]: its value and byte length; an invalid byte is (byte | 1 << 31, 1).
char32_t DecodeAt(std::string_view s, size_t i, size_t* len) {
  char32_t cp;
  const int n = DecodeUtf8(s, i, &cp);
  if (n == 0) {
    *len = 1;
    return static_cast<unsigned char>(s[i]) | (1u << 31);
  }
  *len = static_cast<size_t>(n);
  return cp;
}

bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

// Columns a code point takes on a terminal: 0 for combining marks and zero-width
// characters, 2 for East Asian wide ones, else 1 (a close reading of wcwidth()).
size_t DisplayWidth(char32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0610 && cp <= 0x061A) ||
      (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED) ||
      (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF)
    return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

// Appends `s` cut or padded to `width` terminal columns; a cut cell ends in "~".
void AppendCell(std::string_view s, size_t width, std::string* out) {
  size_t used = 0, i = 0;
  while (i < s.size()) {
    size_t len = 1;
    const size_t w = DisplayWidth(DecodeAt(s, i, &len));
    // Room for this character, and for the "~" when more follows.
    const bool last = i + len >= s.size();
    if (used + w > width || (!last && used + w == width && w > 0)) {
      if (used < width) {
        out->push_back('~');
        ++used;
      }
      break;
    }
    out->append(s.substr(i, len));
    used += w;
    i += len;
  }
  out->append(width - used, ' ');
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

class TableWriter : public EventWriter {
 public:
  TableWriter(std::ostream& out, size_t width) : out_(out) {
    // DATE and KIA/WIA keep their width; the rest share what is left by weight.
    width = std::max(width == 0 ? kDefaultWidth : width, kMinWidth);
    size_t fixed = kWidths[0] + kWidths[5] + kHeader.size() - 1;  // and a space between columns
    size_t flexible = width - fixed;
    size_t given = 0;
    for (size_t i = 0; i < kWeights.size(); ++i) {
      size_t col = kFlexible[i];
      widths_[col] = flexible * kWeights[i] / 100;
      given += widths_[col];
    }
    widths_[3] += flexible - given;  // rounding goes to the actors
    widths_[0] = kWidths[0];
    widths_[5] = kWidths[5];
  }

  void Begin() override {
    std::string line;
    for (size_t i = 0; i < kHeader.size(); ++i) {
      AppendCell(kHeader[i], widths_[i], &line);
      if (i + 1 < kHeader.size()) line.push_back(' ');
    }
    TrimRight(&line);
    line.push_back('\n');
    size_t total = 0;
    for (size_t w : widths_) total += w;
    line.append(total + kHeader.size() - 1, '-');
    line.push_back('\n');
    out_ << line;
  }

  void Write(const Event& e) override {
    std::string actors = e.actor1.empty() ? "?" : e.actor1;
    if (!e.actor2.empty()) actors += " -> " + e.actor2;
    std::string place = e.location;
    if (!e.admin1.empty() && e.admin1 != e.location) place += " (" + e.admin1 + ")";
    std::string casualties = (e.fatalities ? std::to_string(*e.fatalities) : "-") + "/" +
                             (e.injuries ? std::to_string(*e.injuries) : "-");
    const std::string cells[] = {e.event_date.empty() ? "?" : e.event_date,
                                 e.event_type,
                                 e.sub_event_type,
                                 actors,
                                 place,
                                 casualties,
                                 Join(e.sources, ", ")};
    std::string line;
    for (size_t i = 0; i < kHeader.size(); ++i) {
      AppendCell(EscapeControls(cells[i], /*keep_lines=*/false, /*bidi=*/true), widths_[i], &line);
      if (i + 1 < kHeader.size()) line.push_back(' ');
    }
    TrimRight(&line);
    line.push_back('\n');
    out_ << line;
    ++rows_;
  }

  void End() override { out_ << "(" << rows_ << (rows_ == 1 ? " event)\n" : " events)\n"); }

 private:
  static void TrimRight(std::string* line) {
    while (!line->empty() && line->back() == ' ') line->pop_back();
  }

  static constexpr size_t kDefaultWidth = 120;  // when the width is not known (not a terminal)
  static constexpr size_t kMinWidth = 60;       // narrower terminals wrap the rows
  static constexpr std::array<std::string_view, 7> kHeader = {
      "DATE", "TYPE", "SUB-TYPE", "ACTOR1 -> ACTOR2", "LOCATION (ADMIN1)", "KIA/WIA", "SOURCES"};
  static constexpr std::array<size_t, 7> kWidths = {10, 0, 0, 0, 0, 7, 0};
  static constexpr std::array<size_t, 5> kFlexible = {1, 2, 3, 4, 6};
  static constexpr std::array<size_t, 5> kWeights = {17, 23, 29, 19, 12};  // percent
  std::ostream& out_;
  std::array<size_t, 7> widths_{};
  int64_t rows_ = 0;
};

}  // namespace

std::string EscapeControls(std::string_view text, bool keep_lines, bool bidi) {
  std::string out;
  out.reserve(text.size());
  char buf[16];
  for (size_t i = 0; i < text.size();) {
    size_t len = 1;
    const char32_t cp = DecodeAt(text, i, &len);
    if (cp & (1u << 31)) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp & 0xFF));
      out.append(buf);
    } else if (cp < 0x20 || cp == 0x7F) {
      if (keep_lines && (cp == '\n' || cp == '\t')) {
        out.push_back(static_cast<char>(cp));
      } else if (cp == '\n') {
        out.append("\\n");
      } else if (cp == '\t') {
        out.append("\\t");
      } else if (cp == '\r') {
        out.append("\\r");
      } else {
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
        out.append(buf);
      }
    } else if ((cp >= 0x80 && cp <= 0x9F) || (bidi && IsBidiControl(cp))) {
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
      out.append(buf);
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::unique_ptr<EventWriter> MakeTableWriter(std::ostream& out, const WriterOptions& options) {
  return std::make_unique<TableWriter>(out, options.table_width);
}

}  // namespace exporter

std::string EscapeForTerminal(std::string_view text, bool keep_lines) {
  return exporter::EscapeControls(text, keep_lines, /*bidi=*/true);
}

}  // namespace sitrep
