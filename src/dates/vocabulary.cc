// The vocabulary of the dates stage: month and weekday names, prefixes, units and relative
// words with their offsets, read from data/dates.tsv.
#include <algorithm>
#include <charconv>

#include "dates/dates.h"
#include "dates/internal.h"
#include "util/tsv.h"

namespace sitrep::dates {

DateWords::DateWords() : impl_(std::make_unique<Impl>()) {}
DateWords::DateWords(DateWords&&) noexcept = default;
DateWords& DateWords::operator=(DateWords&&) noexcept = default;
DateWords::~DateWords() = default;

namespace {

std::optional<Unit> ParseUnit(std::string_view s) {
  if (s == "hour") return Unit::kHour;
  if (s == "day") return Unit::kDay;
  if (s == "week") return Unit::kWeek;
  if (s == "month") return Unit::kMonth;
  if (s == "year") return Unit::kYear;
  if (s == "weekend") return Unit::kWeekend;
  return std::nullopt;
}

std::optional<Precision> ParsePrecision(std::string_view s) {
  if (s == "day") return Precision::kDay;
  if (s == "week") return Precision::kWeek;
  if (s == "month") return Precision::kMonth;
  if (s == "year") return Precision::kYear;
  return std::nullopt;
}

std::optional<int> ParseInt(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Parses one TSV line into `entry`; returns an error message or "".
std::string ParseEntry(const std::vector<std::string_view>& cols, Entry* e) {
  if (cols.size() < 3) return "expected at least 3 columns (phrase, category, value)";
  std::string_view cat = cols[1], val = cols[2];
  auto need_int = [&](int lo, int hi) -> std::string {
    auto v = ParseInt(val);
    if (!v || *v < lo || *v > hi) return "bad value '" + std::string(val) + "'";
    e->value = *v;
    return "";
  };
  if (cat == "month") {
    e->cat = Cat::kMonth;
    return need_int(1, 12);
  }
  if (cat == "weekday") {
    e->cat = Cat::kWeekday;
    return need_int(0, 6);
  }
  if (cat == "number") {
    e->cat = Cat::kNumber;
    if (val == "vague") {
      e->value = kVague;
      return "";
    }
    return need_int(0, 1000);
  }
  if (cat == "prefix") {
    e->cat = Cat::kPrefix;
    static constexpr std::pair<std::string_view, uint16_t> kBits[] = {
        {"on", kPOn},     {"in", kPIn},     {"late", kPLate},           {"last", kPLast},
        {"this", kPThis}, {"next", kPNext}, {"overnight", kPOvernight}, {"the", kPThe},
        {"at", kPAt},     {"past", kPPast}};
    for (auto [name, bit] : kBits) {
      if (val == name) {
        e->value = bit;
        return "";
      }
    }
    return "unknown prefix '" + std::string(val) + "'";
  }
  if (cat == "unit") {
    e->cat = Cat::kUnit;
    auto u = ParseUnit(val);
    if (!u || *u == Unit::kWeekend) return "unknown unit '" + std::string(val) + "'";
    e->unit = *u;
    return "";
  }
  if (cat == "ago") {
    e->cat = Cat::kAgo;
    if (val == "strong")
      e->value = 1;
    else if (val == "weak")
      e->value = 2;
    else
      return "ago value must be strong or weak";
    return "";
  }
  if (cat == "timeofday" || cat == "connector") {
    e->cat = cat == "timeofday" ? Cat::kTimeOfDay : Cat::kConnector;
    return "";
  }
  if (cat == "rel") {
    e->cat = Cat::kRel;
    if (cols.size() < 6) return "rel needs 6 columns (phrase, rel, offset, unit, precision, kind)";
    auto v = ParseInt(val);
    if (!v || *v < -100 || *v > 100) return "bad offset '" + std::string(val) + "'";
    e->value = *v;
    auto u = ParseUnit(cols[3]);
    if (!u || *u == Unit::kHour) return "bad unit '" + std::string(cols[3]) + "'";
    e->unit = *u;
    auto p = ParsePrecision(cols[4]);
    if (!p) return "bad precision '" + std::string(cols[4]) + "'";
    e->precision = *p;
    if (cols[5] == "day")
      e->kind = DateKind::kRelativeDay;
    else if (cols[5] == "span")
      e->kind = DateKind::kRelativeSpan;
    else
      return "kind must be day or span";
    return "";
  }
  return "unknown category '" + std::string(cat) + "'";
}

}  // namespace

Result<DateWords> DateWords::Load(const std::string& path) {
  DateWords words;
  Impl& impl = *words.impl_;
  Status st = ForEachTsvRow(path, 1, [&](const std::vector<std::string_view>& cols, int) {
    if (cols.size() >= 3 && cols[1] == "setting") {
      if (cols[0] == "weekday_pair" && (cols[2] == "first" || cols[2] == "second")) {
        impl.pair_takes_second = cols[2] == "second";
        return Status::Ok();
      }
      return Status::InvalidInput("unknown setting '" + std::string(cols[0]) + "' = '" +
                                  std::string(cols[2]) + "'");
    }
    Entry entry;
    if (std::string msg = ParseEntry(cols, &entry); !msg.empty()) return Status::InvalidInput(msg);
    std::vector<uint32_t> ids;
    for (std::string_view w : SplitString(TrimWhitespace(cols[0]), ' ')) {
      if (w.empty()) continue;
      if (w.size() >= 64) return Status::InvalidInput("word too long");
      const std::string lower = AsciiLowerCopy(w);
      ids.push_back(impl.vocabulary.Intern(lower));
      impl.filter.Add(text::KeyHash(lower));
    }
    if (ids.empty()) return Status::InvalidInput("empty phrase");
    Phrase phrase{std::vector<uint32_t>(ids.begin() + 1, ids.end()), entry};
    if (ids[0] >= impl.by_first.size()) impl.by_first.resize(ids[0] + 1);
    WordInfo& info = impl.by_first[ids[0]];
    info.cats |= Bit(entry.cat);
    if (entry.cat == Cat::kPrefix && phrase.rest.empty()) info.prefix_bits |= entry.value;
    info.phrases.push_back(std::move(phrase));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (WordInfo& info : impl.by_first) {
    std::stable_sort(
        info.phrases.begin(), info.phrases.end(),
        [](const Phrase& a, const Phrase& b) { return a.rest.size() > b.rest.size(); });
  }
  return words;
}

}  // namespace sitrep::dates
