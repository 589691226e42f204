// The boilerplate matcher (one pass for every "contains" phrase, lookups for the anchored
// kinds) against the plain reading of the rules: the first rule in file order whose test
// passes. Lines are written for these tests.
#include "clean/boilerplate.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "clean/clean.h"
#include "clean/line_kinds.h"
#include "clean/normalize.h"

namespace sitrep::clean {
namespace {

// The rules as data/boilerplate.tsv describes them, tried one by one.
int ReferenceFirstMatch(const Boilerplate& rules, std::string_view lower, int words) {
  for (size_t i = 0; i < rules.rules().size(); ++i) {
    const Boilerplate::Rule& rule = rules.rules()[i];
    if (rule.max_words > 0 && words > rule.max_words) continue;
    const bool anchored_at_one_end =
        rule.match == Boilerplate::Match::kPrefix || rule.match == Boilerplate::Match::kSuffix;
    if (anchored_at_one_end && EndsAsSentence(lower, words)) continue;
    bool hit = false;
    switch (rule.match) {
      case Boilerplate::Match::kExact:
        hit = lower == rule.phrase;
        break;
      case Boilerplate::Match::kPrefix:
        hit = lower.starts_with(rule.phrase);
        break;
      case Boilerplate::Match::kSuffix:
        hit = lower.ends_with(rule.phrase);
        break;
      case Boilerplate::Match::kContains:
        hit = lower.find(rule.phrase) != std::string_view::npos;
        break;
    }
    if (hit) return static_cast<int>(i);
  }
  return -1;
}

Boilerplate Rules(std::string_view tsv) {
  auto parsed = Boilerplate::Parse(tsv, "test.tsv");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? std::move(parsed).value() : Boilerplate();
}

int Match(const Boilerplate& rules, std::string_view lower) {
  const int words = CountWords(lower);
  const int got = rules.FirstMatch(lower, words);
  EXPECT_EQ(got, ReferenceFirstMatch(rules, lower, words)) << lower;
  return got;
}

TEST(BoilerplateTest, EachKindFires) {
  const Boilerplate rules = Rules(
      "match\tmax_words\tkind\tphrase\n"
      "exact\t0\tdrop\tmore stories\n"                 // 0
      "prefix\t6\tdrop\tlisten to \n"                  // 1
      "suffix\t3\tdrop\t shares\n"                     // 2
      "contains\t0\tdrop\tturn off your ad blocker\n"  // 3
      "contains\t10\tcaption\tpictured above\n"        // 4
      "prefix\t30\tcaption\tillustration:\n");         // 5
  EXPECT_EQ(Match(rules, "more stories"), 0);
  EXPECT_EQ(Match(rules, "more stories below"), -1);  // exact means the whole line
  EXPECT_EQ(Match(rules, "listen to this article"), 1);
  EXPECT_EQ(Match(rules, "please listen to this article"), -1);
  EXPECT_EQ(Match(rules, "1,204 shares"), 2);
  EXPECT_EQ(Match(rules, "the company sold 1,204 shares"), -1);  // over 3 words
  EXPECT_EQ(Match(rules, "kindly turn off your ad blocker so that we can keep the site free"), 3);
  EXPECT_EQ(Match(rules, "turn off your ad blocker"), 3);  // at both ends of the line
  EXPECT_EQ(Match(rules, "the bridge pictured above was shelled"), 4);
  EXPECT_EQ(Match(rules,
                  "the old bridge pictured above was shelled twice in the night by "
                  "artillery"),
            -1);  // over 10 words
  EXPECT_EQ(Match(rules, "illustration: a map of the front line"), 5);
  EXPECT_TRUE(rules.rules()[5].caption);
  EXPECT_EQ(Match(rules, "residents said the market was quiet."), -1);
}

TEST(BoilerplateTest, SentencesEscapePrefixAndSuffixRulesOnly) {
  const Boilerplate rules = Rules(
      "prefix\t0\tdrop\tlisten to \n"
      "suffix\t0\tdrop\t shares.\n"
      "contains\t0\tdrop\tad blocker\n");
  // Four words or more ending in a single '.': a sentence.
  EXPECT_EQ(Match(rules, "listen to the residents, he said."), -1);
  EXPECT_EQ(Match(rules, "listen to us..."), 0);  // "..." is not a sentence end
  EXPECT_EQ(Match(rules, "investors bought more shares."), -1);
  EXPECT_EQ(Match(rules, "bought shares."), 1);  // too short for a sentence
  EXPECT_EQ(Match(rules, "the new ad blocker was announced on monday."), 2);
}

TEST(BoilerplateTest, FirstRuleInFileOrderWins) {
  const Boilerplate rules = Rules(
      "contains\t0\tcaption\tphoto by\n"
      "prefix\t0\tdrop\tfile photo by\n"
      "contains\t0\tdrop\tby the\n"
      "exact\t0\tdrop\tphoto by the agency\n");
  EXPECT_EQ(Match(rules, "file photo by the agency"), 0);
  EXPECT_EQ(Match(rules, "photo by the agency"), 0);
  EXPECT_EQ(Match(rules, "written by the desk"), 2);
  const Boilerplate reversed = Rules(
      "exact\t0\tdrop\tphoto by the agency\n"
      "contains\t0\tdrop\tby the\n"
      "prefix\t0\tdrop\tfile photo by\n"
      "contains\t0\tcaption\tphoto by\n");
  EXPECT_EQ(Match(reversed, "photo by the agency"), 0);
  EXPECT_EQ(Match(reversed, "file photo by the agency"), 1);
  EXPECT_EQ(Match(reversed, "file photo by our agency"), 2);
  EXPECT_EQ(Match(reversed, "a photo by our agency"), 3);
}

TEST(BoilerplateTest, ShortAndLongContainsPhrases) {
  // Phrases shorter than the scan window are searched on their own; the rest share one
  // pass whose window is the shortest of them.
  const Boilerplate rules = Rules(
      "contains\t0\tdrop\tvia\n"
      "contains\t0\tdrop\tpaid post\n"
      "contains\t0\tdrop\tpaid partnership with\n"
      "contains\t0\tdrop\tpartner content\n");
  EXPECT_EQ(Match(rules, "sent via wire"), 0);
  EXPECT_EQ(Match(rules, "this is a paid post"), 1);
  EXPECT_EQ(Match(rules, "a paid partnership with a bank"), 2);
  EXPECT_EQ(Match(rules, "partner content"), 3);
  EXPECT_EQ(Match(rules, "partner conten"), -1);  // shorter than the phrase
  EXPECT_EQ(Match(rules, "paid"), -1);            // shorter than the window
  EXPECT_EQ(Match(rules, "ppaid postt"), 1);      // inside longer words too
  EXPECT_EQ(Match(rules, ""), -1);
}

TEST(BoilerplateTest, ShippedRulesEachFire) {
  auto loaded = Boilerplate::Load(SITREP_SOURCE_DIR "/data/boilerplate.tsv");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const Boilerplate& rules = *loaded;
  for (size_t i = 0; i < rules.rules().size(); ++i) {
    const Boilerplate::Rule& rule = rules.rules()[i];
    std::string line;
    switch (rule.match) {
      case Boilerplate::Match::kExact:
        line = rule.phrase;
        break;
      case Boilerplate::Match::kPrefix:
        line = rule.phrase + (rule.phrase.back() == ' ' ? "" : " ") + "x";
        break;
      case Boilerplate::Match::kSuffix:
        line = "x" + rule.phrase;
        break;
      case Boilerplate::Match::kContains:
        line = "x " + rule.phrase + " y";
        break;
    }
    const int got = Match(rules, line);
    ASSERT_GE(got, 0) << line;
    EXPECT_LE(got, static_cast<int>(i)) << line;  // this rule, or an earlier one that also fits
  }
}

// Random rules and lines over a tiny alphabet, so that rules of every kind overlap.
TEST(BoilerplateTest, RandomRulesMatchTheReference) {
  std::mt19937 rng(11);
  const char* kinds[] = {"exact", "prefix", "suffix", "contains"};
  for (int set = 0; set < 500; ++set) {
    std::string tsv;
    for (int r = 1 + rng() % 10; r > 0; --r) {
      std::string phrase;
      for (int k = 1 + rng() % 9; k > 0; --k) phrase += "ab "[rng() % 3];
      if (phrase.find_first_not_of(' ') == std::string::npos) phrase = "a";
      tsv += std::string(kinds[rng() % 4]) + "\t" + std::to_string(rng() % 5) + "\tdrop\t" +
             phrase + "\n";
    }
    const Boilerplate rules = Rules(tsv);
    for (int k = 0; k < 200; ++k) {
      std::string line;
      for (int n = rng() % 30; n > 0; --n) line += "ab ."[rng() % 4];
      Match(rules, line);
    }
  }
}

// ---- Helpers of the clean stage ---------------------------------------------------------

TEST(LineKindsTest, CountsAgreeWithPlainLoops) {
  std::mt19937 rng(3);
  const std::string bytes = std::string("aZ m.\xd8\xa7\xdb\x81\xd9\xc3\xa9 ") + '\x7f' + '@' + '[';
  for (int k = 0; k < 2000; ++k) {
    std::string s;
    for (int n = rng() % 40; n > 0; --n) s += bytes[rng() % bytes.size()];
    size_t spaces = 0, latin = 0, arabic = 0;
    for (unsigned char c : s) {
      spaces += c == ' ';
      latin += IsAsciiAlpha(static_cast<char>(c));
      arabic += IsArabicLead(c);
    }
    EXPECT_EQ(CountWords(s), s.empty() ? 0 : 1 + static_cast<int>(spaces)) << s;
    const ScriptCounts counts = CountScripts(s);
    EXPECT_EQ(counts.latin, latin) << s;
    EXPECT_EQ(counts.arabic, arabic) << s;
  }
}

TEST(NormalizeTest, NfcStableSetMatchesIcuProperties) {
  // A run of code points that are all stable is copied; any other is NFC-normalised. The
  // fast set must agree with ICU's properties for every code point.
  for (UChar32 c = 0x80; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    char utf8[4];
    int len = 0;
    if (c < 0x800) {
      utf8[len++] = static_cast<char>(0xC0 | c >> 6);
    } else if (c < 0x10000) {
      utf8[len++] = static_cast<char>(0xE0 | c >> 12);
      utf8[len++] = static_cast<char>(0x80 | (c >> 6 & 0x3F));
    } else {
      utf8[len++] = static_cast<char>(0xF0 | c >> 18);
      utf8[len++] = static_cast<char>(0x80 | (c >> 12 & 0x3F));
      utf8[len++] = static_cast<char>(0x80 | (c >> 6 & 0x3F));
    }
    utf8[len++] = static_cast<char>(0x80 | (c & 0x3F));
    ASSERT_EQ(RunNeedsNfc(std::string_view(utf8, len)), !IsNfcStable(c)) << std::hex << c;
  }
}

}  // namespace
}  // namespace sitrep::clean
