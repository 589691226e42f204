// Inferring a publication date from the dates a text writes (dateline, captions, weekdays).
#include <algorithm>

#include "dates/dates.h"
#include "dates/internal.h"

namespace sitrep::dates {

std::optional<CivilDate> InferPublished(const text::TokenView& body,
                                        const std::vector<std::string_view>& hint_texts,
                                        const DateWords& words) {
  // 1. The latest full (day-precision, absolute) date in the hints and the dateline.
  constexpr size_t kDatelineBytes = 400;
  std::optional<CivilDate> latest;
  int max_year = 0;
  auto consider = [&](const text::TokenView& text, bool full_dates) {
    for (const Found& f : FindDetailed(text, std::nullopt, words)) {
      const DateMention& m = f.mention;
      if (m.kind != DateKind::kAbsolute || !m.date) continue;
      max_year = std::max(max_year, m.date->year);
      if (full_dates && m.precision == Precision::kDay && (!latest || *m.date > *latest)) {
        latest = m.date;
      }
    }
  };
  for (std::string_view h : hint_texts) {
    if (h.size() >= UINT32_MAX) continue;
    text::TokenizedText hint(h);
    consider(hint.view(), true);
  }
  // The dateline: the tokens that end within the first bytes.
  const auto dateline_end =
      std::upper_bound(body.tokens.begin(), body.tokens.end(), kDatelineBytes,
                       [](size_t cut, const text::Token& t) { return cut < t.span.end; });
  const size_t cut = static_cast<size_t>(dateline_end - body.tokens.begin());
  consider(body.Slice(0, cut), true);
  consider(body.Slice(cut, body.size()), false);  // years only
  if (max_year == 0) return std::nullopt;

  // 2. "on Sunday, July 28" in the body: the year (latest, or the one after) in which the
  // weekday agrees.
  const int base_year = latest ? latest->year : max_year;
  std::optional<CivilDate> weekday_date;
  for (const Found& f : FindDetailed(body, std::nullopt, words)) {
    if (f.weekday < 0 || f.month == 0 || f.mention.kind != DateKind::kPartial) continue;
    for (int y : {base_year + 1, base_year}) {
      if (!ValidDate(y, f.month, f.day)) continue;
      CivilDate d{y, f.month, f.day};
      if (Weekday(d) != f.weekday) continue;
      if (latest && (d < *latest || DaysFromCivil(d) - DaysFromCivil(*latest) > 31)) continue;
      if (!weekday_date || d > *weekday_date) weekday_date = d;
      break;
    }
  }
  if (weekday_date && (!latest || *weekday_date > *latest)) return weekday_date;
  return latest;
}

std::optional<CivilDate> InferPublished(std::string_view body,
                                        const std::vector<std::string_view>& hint_texts,
                                        const DateWords& words) {
  if (body.size() >= UINT32_MAX) return std::nullopt;
  text::TokenizedText tokens(body);
  return InferPublished(tokens.view(), hint_texts, words);
}

}  // namespace sitrep::dates
