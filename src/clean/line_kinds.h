// Kinds of lines the clean stage drops (code, glued headline lists, short title-case
// links) or keeps aside as captions (credits, datelines), judged on one normalised line.
#pragma once

#include <cstddef>
#include <string_view>

namespace sitrep::clean {

// 1 + the number of ' ' (a normalised line has single spaces); 0 for "".
int CountWords(std::string_view line);

// ASCII letters and lead bytes of Arabic-block characters in a text: their balance tells a
// Latin-script article from an Arabic one.
struct ScriptCounts {
  size_t latin = 0, arabic = 0;
};
ScriptCounts CountScripts(std::string_view text);

// A lead byte of the Arabic block's two-byte UTF-8 sequences (U+0600..U+06FF).
inline bool IsArabicLead(unsigned char c) { return c >= 0xD8 && c <= 0xDB; }

// "Published: July 15, 2023", "October 29, 2021", "Date: 2019-12-11 14:11", "• Feb 10 2020"
// (`lower`: the line ASCII lower-cased).
bool IsDateline(std::string_view lower);

// "... in rural Daraa - July 27, 2019 (Amaaq)", "(AFP)", "... - July 2018 (Reuters)".
bool IsCreditCaption(std::string_view line, int words);

// Script or markup that leaked into the text.
bool IsCodeLine(std::string_view line);

// Related-article lists glued into one line: "Headline one .Headline two .Headline three".
bool IsGluedHeadlines(std::string_view line);

// An ASCII letter or the lead byte of a non-ASCII character.
bool HasLetter(std::string_view line);

// Short Title Case line without final punctuation: a related-article link, a section
// title or an outlet name.
bool IsHeadlineLike(std::string_view line, int words);

}  // namespace sitrep::clean
