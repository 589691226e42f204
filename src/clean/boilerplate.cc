// Boilerplate rules: parsing data/boilerplate.tsv, and matching a line against every rule
// in one pass.
#include "clean/boilerplate.h"

#include <algorithm>
#include <cstring>

#include "util/text.h"

namespace sitrep::clean {
namespace {

// Keep in sync with data/boilerplate.tsv (a test checks that both give the same rules).
constexpr std::string_view kDefaultRules =
    "match\tmax_words\tkind\tphrase\n"
    "prefix\t4\tdrop\tsupport \n"
    "contains\t0\tdrop\twe need your support\n"
    "contains\t0\tdrop\tneeds your support\n"
    "contains\t0\tdrop\ta month makes a difference\n"
    "contains\t12\tdrop\tneeds free media\n"
    "contains\t0\tdrop\tpropaganda distorts the truth\n"
    "prefix\t8\tdrop\tclick here\n"
    "prefix\t8\tdrop\tdonate \n"
    "exact\t0\tdrop\tdonate\n"
    "contains\t12\tdrop\tsupport independent journalism\n"
    "contains\t12\tdrop\tbecome a member\n"
    "contains\t12\tdrop\tbecome a patron\n"
    "prefix\t8\tdrop\tshare this\n"
    "prefix\t8\tdrop\tshare on \n"
    "prefix\t8\tdrop\tshare:\n"
    "exact\t0\tdrop\tshare\n"
    "prefix\t8\tdrop\tsubscribe\n"
    "prefix\t8\tdrop\tsign up\n"
    "prefix\t8\tdrop\tfollow us\n"
    "prefix\t8\tdrop\tfollow @\n"
    "prefix\t8\tdrop\tread more\n"
    "prefix\t8\tdrop\tread also\n"
    "prefix\t8\tdrop\tsee also\n"
    "prefix\t8\tdrop\trelated:\n"
    "prefix\t8\tdrop\trelated articles\n"
    "prefix\t8\tdrop\trelated news\n"
    "prefix\t8\tdrop\trelated posts\n"
    "prefix\t8\tdrop\trelated stories\n"
    "prefix\t8\tdrop\trelated topics\n"
    "exact\t0\tdrop\trelated\n"
    "prefix\t8\tdrop\trecommended for you\n"
    "prefix\t8\tdrop\trecommended:\n"
    "prefix\t8\tdrop\ttags:\n"
    "prefix\t8\tdrop\ttag icon\n"
    "prefix\t6\tdrop\tback to top\n"
    "prefix\t6\tdrop\tadvertisement\n"
    "exact\t0\tdrop\tleave a reply\n"
    "contains\t0\tdrop\trequired fields are marked\n"
    "contains\t0\tdrop\tyour email address will not be published\n"
    "prefix\t6\tdrop\tcopyright\n"
    "prefix\t6\tdrop\tall rights reserved\n"
    "contains\t0\tdrop\tarabic version\n"
    "prefix\t6\tdrop\tauthor:\n"
    "prefix\t6\tdrop\twritten by\n"
    "prefix\t4\tdrop\tby \n"
    "prefix\t4\tdrop\t--\n"
    "prefix\t4\tdrop\treporting by\n"
    "suffix\t3\tdrop\t views\n"
    "suffix\t3\tdrop\t view\n"
    "suffix\t3\tdrop\t comments\n"
    "prefix\t0\tcaption\tcamera icon\n"
    "prefix\t30\tcaption\tphoto:\n"
    "prefix\t30\tcaption\tphoto credit\n"
    "prefix\t30\tcaption\tphotos:\n"
    "prefix\t30\tcaption\timage:\n"
    "prefix\t30\tcaption\tpicture:\n"
    "prefix\t30\tcaption\tfile photo\n"
    "prefix\t30\tcaption\tcredit:\n"
    "suffix\t4\tcaption\t photo\n";

uint16_t Bigram(std::string_view s, size_t i) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[i]) |
                               static_cast<unsigned char>(s[i + 1]) << 8);
}

}  // namespace

bool EndsAsSentence(std::string_view s, int words) {
  return words >= 4 && s.size() >= 2 && s.back() == '.' && s[s.size() - 2] != '.';
}

Boilerplate Boilerplate::Defaults() {
  auto parsed = Parse(kDefaultRules, "<built-in boilerplate>");
  return parsed.ok() ? std::move(parsed).value() : Boilerplate();
}

Result<Boilerplate> Boilerplate::Load(const std::string& path) {
  std::string text, error;
  if (!ReadFileToString(path, &text, &error)) return Status::IoError(error);
  return Parse(text, path);
}

Result<Boilerplate> Boilerplate::Parse(std::string_view tsv, const std::string& origin) {
  Boilerplate out;
  int line_no = 0;
  bool header_seen = false;
  for (std::string_view line : SplitString(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto where = [&] { return origin + ":" + std::to_string(line_no) + ": "; };
    std::vector<std::string_view> cols = SplitString(line, '\t');
    if (cols.size() != 4) return Status::InvalidInput(where() + "expected 4 tab-separated columns");
    if (!header_seen && cols[0] == "match") {
      header_seen = true;
      continue;
    }
    Rule rule;
    if (cols[0] == "exact")
      rule.match = Match::kExact;
    else if (cols[0] == "prefix")
      rule.match = Match::kPrefix;
    else if (cols[0] == "suffix")
      rule.match = Match::kSuffix;
    else if (cols[0] == "contains")
      rule.match = Match::kContains;
    else
      return Status::InvalidInput(where() + "unknown match \"" + std::string(cols[0]) + "\"");
    if (cols[1].empty() || cols[1].size() > 4)
      return Status::InvalidInput(where() + "bad max_words");
    for (char c : cols[1])
      if (!IsAsciiDigit(c)) return Status::InvalidInput(where() + "bad max_words");
    rule.max_words = std::stoi(std::string(cols[1]));
    if (cols[2] == "caption")
      rule.caption = true;
    else if (cols[2] != "drop")
      return Status::InvalidInput(where() + "kind must be drop or caption");
    if (cols[3].empty()) return Status::InvalidInput(where() + "empty phrase");
    rule.phrase = AsciiLowerCopy(cols[3]);
    out.rules_.push_back(std::move(rule));
  }
  if (out.rules_.size() > UINT16_MAX) return Status::InvalidInput(origin + ": too many rules");
  out.Compile();
  return out;
}

void Boilerplate::Compile() {
  for (auto& list : anchored_by_first_) list.clear();
  for (auto& list : suffix_by_last_) list.clear();
  short_contains_.clear();
  candidates_.clear();
  scan_length_ = 0;
  std::vector<uint16_t> scanned;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const std::string& phrase = rules_[i].phrase;
    const auto index = static_cast<uint16_t>(i);
    switch (rules_[i].match) {
      case Match::kExact:
      case Match::kPrefix:
        anchored_by_first_[static_cast<unsigned char>(phrase.front())].push_back(index);
        break;
      case Match::kSuffix:
        suffix_by_last_[static_cast<unsigned char>(phrase.back())].push_back(index);
        break;
      case Match::kContains:
        if (phrase.size() < kMinScanLength) {
          short_contains_.push_back(index);
        } else {
          scanned.push_back(index);
          scan_length_ = scan_length_ == 0 ? phrase.size() : std::min(scan_length_, phrase.size());
        }
        break;
    }
  }
  shift_.clear();
  if (scanned.empty()) return;
  scan_length_ = std::min<size_t>(scan_length_, 255);
  // A window whose last two bytes occur in no phrase's first scan_length_ bytes can move by
  // scan_length_ - 1; one whose last two bytes are a phrase's bytes at j by
  // scan_length_ - 2 - j, which lines them up.
  const size_t m = scan_length_;
  shift_.assign(65536, static_cast<uint8_t>(m - 1));
  for (uint16_t i : scanned) {
    const std::string& phrase = rules_[i].phrase;
    for (size_t j = 0; j + 2 <= m; ++j) {
      uint8_t& shift = shift_[Bigram(phrase, j)];
      shift = std::min(shift, static_cast<uint8_t>(m - 2 - j));
    }
    const uint16_t last = Bigram(phrase, m - 2);
    auto it = std::find_if(candidates_.begin(), candidates_.end(),
                           [last](const auto& entry) { return entry.first == last; });
    if (it == candidates_.end()) it = candidates_.insert(candidates_.end(), {last, {}});
    it->second.push_back(i);
  }
}

bool Boilerplate::Applies(const Rule& rule, int words, bool sentence) const {
  if (rule.max_words > 0 && words > rule.max_words) return false;
  return !(sentence && (rule.match == Match::kPrefix || rule.match == Match::kSuffix));
}

int Boilerplate::FirstMatch(std::string_view lower, int words) const {
  if (lower.empty()) return -1;
  const bool sentence = EndsAsSentence(lower, words);
  size_t best = rules_.size();  // the lowest matching index so far
  for (uint16_t i : anchored_by_first_[static_cast<unsigned char>(lower.front())]) {
    if (i >= best) break;
    const Rule& rule = rules_[i];
    if (!Applies(rule, words, sentence)) continue;
    if (rule.match == Match::kExact ? lower == rule.phrase : lower.starts_with(rule.phrase)) {
      best = i;
      break;
    }
  }
  for (uint16_t i : suffix_by_last_[static_cast<unsigned char>(lower.back())]) {
    if (i >= best) break;
    if (Applies(rules_[i], words, sentence) && lower.ends_with(rules_[i].phrase)) {
      best = i;
      break;
    }
  }
  for (uint16_t i : short_contains_) {
    if (i >= best) break;
    if (Applies(rules_[i], words, sentence) && lower.find(rules_[i].phrase) != lower.npos) {
      best = i;
      break;
    }
  }
  const size_t m = scan_length_;
  for (size_t at = 0; m > 0 && at + m <= lower.size();) {  // the window is lower[at, at + m)
    const uint16_t last = Bigram(lower, at + m - 2);
    if (const uint8_t shift = shift_[last]; shift > 0) {
      at += shift;
      continue;
    }
    for (const auto& [key, indices] : candidates_) {
      if (key != last) continue;
      for (uint16_t i : indices) {
        if (i >= best) break;
        if (Applies(rules_[i], words, sentence) &&
            lower.compare(at, rules_[i].phrase.size(), rules_[i].phrase) == 0) {
          best = i;
          break;
        }
      }
      break;
    }
    ++at;
  }
  return best < rules_.size() ? static_cast<int>(best) : -1;
}

}  // namespace sitrep::clean
