// Date mentions with their roles: the date of a report ("said on Wednesday"), a dateline
// ("BEIRUT, March 9, 2021 -"), a date after "since" (another event's).
#include "mentions/mentions.h"

namespace sitrep::mentions {

void FindDateMentions(const MentionResources& res, const std::optional<dates::CivilDate>& published,
                      Document* doc) {
  const auto& tokens = doc->tokens;
  text::TokenCursor date_tokens(tokens);  // (the dates come in text order)
  for (const auto& d : dates::FindDates(doc->View(), published, *res.date_words)) {
    const uint32_t b = date_tokens.AtOrAfter(d.span.begin), e = date_tokens.EndAt(d.span.end);
    if (e <= b) continue;
    // "the 25 of March sector", "October revolution protesters", "the 6th of October
    // Bridge": a date that names a place or a movement is no date of anything told.
    if (e < tokens.size() && doc->Is(Word::kNamedAfterDate, e)) continue;
    DateMention dm{b, e, d, false, false, false};
    // "On Monday, CENTCOM announced ...": a reporting verb right after the date and its
    // subject, before anything happens, makes it the date of the report.
    for (uint32_t t = e; t < tokens.size() && t < e + 9; ++t) {
      std::string_view w = doc->TokenText(t);
      if (w == "." || w == ";" || doc->Is(Word::kThat, t)) break;
      if (doc->Is(Word::kReportVerbAfterDate, t)) {
        dm.report = true;
        break;
      }
    }
    // "said on Wednesday", "reported Saturday", "told AFP on Sunday": the date of the report.
    for (uint32_t back = 1; back <= 3 && b >= back; ++back) {
      if (doc->Is(Word::kReportWordBeforeDate, b - back)) {
        dm.report = true;
        break;
      }
      if (!doc->Is(Word::kReportDateGap, b - back)) break;
    }
    if (doc->Is(Word::kSince, b)) dm.after_since = true;
    // Dateline: "CITY, March 9, 2021 -" opening a paragraph.
    uint32_t para = b;
    while (para > 0 && b - para < 6 && !tokens[para].is(kNewlineBefore)) --para;
    if (b >= 2 && tokens[para].is(kNewlineBefore) && e < tokens.size()) {
      std::string_view next = doc->TokenText(e);
      // "BEIRUT, March 9, 2021 -", "Geneva, May 12." at the head of a paragraph.
      if (b - para <= 5 && tokens[para].is(kCapitalized) && doc->TokenText(b - 1) == "," &&
          (next == "-" || next == "(" || next == "." || next == ":" ||
           (tokens[para].is(kAllCaps) && next == ",")))
        dm.dateline = true;
    }
    // "since its retraction from the province a year ago": the date of something else.
    for (uint32_t back = 1; back <= 8 && b >= back; ++back) {
      std::string_view w = doc->TokenText(b - back);
      if (w == "," || w == ";" || w == ".") break;
      if (doc->Is(Word::kSince, b - back)) dm.after_since = true;
    }
    doc->dates.push_back(dm);
  }
  doc->date_at.assign(tokens.size(), -1);
  for (size_t i = 0; i < doc->dates.size(); ++i)
    for (uint32_t t = doc->dates[i].b; t < doc->dates[i].e; ++t)
      doc->date_at[t] = static_cast<int32_t>(i);
}

}  // namespace sitrep::mentions
