// Arabic for matching: the form in which a document's Arabic words and the dictionaries' Arabic
// words are compared, and the stems a word may stand for once its joined clitics are read.
//
// Matching form: the letter variants that writers interchange are one letter (alef with hamza
// or madda and alef wasla -> alef; ta marbuta -> ha; alef maqsura, yeh with hamza, Persian yeh
// -> yeh; waw with hamza -> waw; Persian kaf -> kaf), and what is not a letter goes (short
// vowels, tanween, shadda, sukun, dagger alef, Quranic marks, tatweel, lone hamza). ASCII is
// lower-cased; digits stay as written (the numbers and dates stages read both digit sets).
//
// Joined clitics: a conjunction (و ف), a preposition (ب ل), the article (ال, with ل + ال
// written لل) and an attached pronoun (ه ها هم هما هن نا) are written in one token with the
// word they go with: "وبالقرب" is "و" + "ب" + "القرب", "مسؤوليته" is "مسؤولية" + "ه". (The
// rarer ك "as" and the pronouns ي ك كم are left alone: read off, they make more wrong stems,
// "السوري" -> "السور", than right ones.)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/tokens.h"

namespace sitrep::text {

// The matching form of a word or phrase (the same folding as FoldForMatching).
std::string MatchForm(std::string_view word);

// `lower` gets the matching text of `text`: the same length and offsets, ASCII lower-cased and
// Arabic letters folded in place; within a token, the characters the matching form drops are
// squeezed out towards its end and Token::key_trim says how many bytes that freed (so
// Token::key(lower) is the token's matching form). Returns false, leaving *lower alone, when
// the text has no Arabic letter: its matching text is then LowerAscii(text) (one scan).
bool FoldForMatching(std::string_view text, std::vector<Token>* tokens, std::string* lower);

// Does the matching form `key` end like a past-tense verb that carries a plural subject ("قتلوا",
// "رشقوا": they killed, they threw)? Arabic writes such a verb only when the subject is not
// written after it, so the actor that follows is its object.
bool ArabicPluralVerb(std::string_view key);

// How a stem was read out of an Arabic token.
enum class StemKind : uint8_t {
  kArticle,  // only the article ("الجيش" -> "جيش")
  kProclitic,  // a conjunction or preposition, maybe with the article ("وبالقرب" -> "القرب")
  kPronoun,  // an attached pronoun ("حزامه" -> "حزام", "مسؤوليته" -> "مسؤوليه")
};

struct ArabicStem {
  std::string_view text;  // a view of the key, or of `scratch` for rebuilt forms
  StemKind kind = StemKind::kProclitic;
};

// The stems an Arabic token's matching form `key` may stand for, most likely first: without a
// conjunction/preposition (and with "لل" read as ل + "ال"), without the article, without an
// attached pronoun (ت before a pronoun read back as ta marbuta). At least three letters stay
// (two after the article). Rebuilt forms live in *scratch, which must outlive the result.
// `final_ta_marbuta`: the word as written ends in "ة", so its final "ه" is no pronoun.
void ArabicStems(std::string_view key, std::vector<ArabicStem>* out, std::string* scratch,
                 bool final_ta_marbuta = false);

}  // namespace sitrep::text
