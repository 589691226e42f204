// Clean stage: normalisation, the byte map back to the original, and boilerplate removal
// checked on the worked example and the dev set (read in place, never copied).
#include "clean/clean.h"

#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "segment/segment.h"

namespace sitrep::clean {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

size_t Count(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST(CleanTest, NormalisesQuotesDashesSpacesAndLineEnds) {
  CleanDoc d = Clean(
      "A title\r\n\r\nThe \u201cconvoy\u201d\u00a0was hit \u2013 twice\u2014by "
      "the army\u2019s   guns.\r\nMinus \u2212 5.");
  EXPECT_EQ(d.text, "A title\n\nThe \"convoy\" was hit - twice-by the army's guns.\nMinus - 5.");
  EXPECT_EQ(d.to_original.size(), d.text.size() + 1);
}

TEST(CleanTest, AppliesNfc) {
  CleanDoc d = Clean("Title here\n\nThe cafe\u0301 in Yarmouk was hit.");
  EXPECT_EQ(d.text, "Title here\n\nThe caf\u00e9 in Yarmouk was hit.");
  size_t at = d.text.find("caf\u00e9");
  Span orig = d.MapSpan({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 5)});
  EXPECT_EQ(orig.of("Title here\n\nThe cafe\u0301 in Yarmouk was hit."), "cafe\u0301");
}

TEST(CleanTest, MapSpanCoversReplacedCharacters) {
  std::string original = "Head line\n\nThe army\u2019s \u201cgains\u201d were   small.";
  CleanDoc d = Clean(original);
  size_t at = d.text.find("army's");
  Span s = d.MapSpan({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 6)});
  EXPECT_EQ(s.of(original), "army\u2019s");
  at = d.text.find("\"gains\"");
  s = d.MapSpan({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 7)});
  EXPECT_EQ(s.of(original), "\u201cgains\u201d");
  // A span ending inside the "..." that stands for U+2026 still covers the whole character.
  std::string with_ellipsis = "Head line\n\nThey fled\u2026 north.";
  CleanDoc e = Clean(with_ellipsis);
  at = e.text.find("fled.");
  s = e.MapSpan({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 5)});
  EXPECT_EQ(s.of(with_ellipsis), "fled\u2026");
  at = d.text.find("were small.");
  s = d.MapSpan({static_cast<uint32_t>(at), static_cast<uint32_t>(at + 11)});
  EXPECT_EQ(s.of(original), "were   small.");
}

// Random word spans of the clean text map to original slices that clean to the same text.
void CheckRandomSpans(const std::string& original, int rounds, uint32_t seed) {
  CleanDoc d = Clean(original);
  ASSERT_EQ(d.to_original.size(), d.text.size() + 1);
  std::vector<std::pair<uint32_t, uint32_t>> words;  // [begin, end) of each word, per line
  std::vector<uint32_t> line_of;
  uint32_t line = 0;
  for (uint32_t i = 0; i < d.text.size();) {
    if (d.text[i] == '\n') {
      ++line, ++i;
      continue;
    }
    if (d.text[i] == ' ') {
      ++i;
      continue;
    }
    uint32_t b = i;
    while (i < d.text.size() && d.text[i] != ' ' && d.text[i] != '\n') ++i;
    words.emplace_back(b, i);
    line_of.push_back(line);
  }
  if (words.empty()) return;
  std::mt19937 rng(seed);
  for (int r = 0; r < rounds; ++r) {
    size_t a = rng() % words.size();
    size_t b = a;
    while (b + 1 < words.size() && line_of[b + 1] == line_of[a] && rng() % 3 != 0) ++b;
    Span clean{words[a].first, words[b].second};
    Span orig = d.MapSpan(clean);
    ASSERT_LE(orig.end, original.size());
    std::string_view expect = clean.of(d.text);
    EXPECT_EQ(Clean(orig.of(original)).text, expect)
        << "original slice: [" << orig.of(original) << "]";
  }
}

TEST(CleanTest, RandomSpansRoundTrip) {
  std::string original =
      "A \u201ctest\u201d headline\r\n\r\nThe  army\u2019s unit\u00a0fired \u2013 and the "
      "cafe\u0301 owner fled\u2026 to Dar\u02bca.\n\nSecond\u2003paragraph with  \t spaces "
      "and \u2212 signs, plus \u0642\u062a\u0644\u0649 words.";
  CheckRandomSpans(original, 500, 7);
}

TEST(CleanTest, RandomSpansRoundTripOnFixture) {
  std::string original = ReadFile(SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.txt");
  ASSERT_FALSE(original.empty());
  CheckRandomSpans(original, 500, 11);
}

TEST(CleanTest, WorkedExampleKeepsContentDropsBoilerplate) {
  std::string original = ReadFile(SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.txt");
  ASSERT_FALSE(original.empty());
  CleanDoc d = Clean(original);
  EXPECT_TRUE(d.text.starts_with("IS Adopts Attack Against Assad Forces In Rural Daraa\n\n"));
  EXPECT_TRUE(Contains(d.text, "The Islamic State (IS) claimed responsibility for the explosion"));
  EXPECT_TRUE(Contains(d.text, "a \"terrorist\" blew himself up using an explosive vest"));
  EXPECT_TRUE(Contains(d.text, "set up posts along the borders with Jordan and occupied Golan."));
  for (const char* gone :
       {"Support Enab Baladi", "Click here", "a month makes a difference", "free media",
        "Propaganda distorts", "\u0627\u0644\u0646\u0633\u062e\u0629",
        "Syrian Regime Releases Militants Who Once Fought", "taking a photo in rural Daraa",
        "IS announces an attack aiming at"}) {
    EXPECT_FALSE(Contains(d.text, gone)) << gone;
  }
  // Both captions are kept aside (first copies), with their dates.
  bool has_2019_caption = false;
  for (Span s : d.captions) has_2019_caption |= Contains(s.of(original), "July 27, 2019 (Amaaq)");
  EXPECT_TRUE(has_2019_caption);
  EXPECT_EQ(d.captions.size(), 4u);  // two captions, each printed twice
  EXPECT_GE(d.removed.size(), d.captions.size() + 6);
  EXPECT_FALSE(Contains(d.text, "\n\n\n"));
}

// Real paragraphs (long lines that end a sentence) survive in every dev article.
TEST(CleanTest, DevSetContentSurvives) {
  for (int k = 1; k <= 20; ++k) {
    char name[64];
    std::snprintf(name, sizeof name, "/devset/articles/%03d.txt", k);
    std::string original = ReadFile(std::string(SITREP_SHARED_DIR) + name);
    ASSERT_FALSE(original.empty()) << name;
    CleanDoc d = Clean(original);
    std::string title = std::string(TrimWhitespace(original.substr(0, original.find('\n'))));
    EXPECT_TRUE(d.text.starts_with(Clean(title).text)) << name;
    size_t checked = 0;
    for (std::string_view line : SplitString(original, '\n')) {
      std::string_view t = TrimWhitespace(line);
      if (t.empty() || std::count(t.begin(), t.end(), ' ') < 11) continue;
      bool ends_sentence = t.ends_with(".") || t.ends_with("\"") || t.ends_with("\u201d");
      if (!ends_sentence || Contains(t, "google_ad") || Contains(t, "marked *")) continue;
      std::string norm = Clean(t).text;
      EXPECT_TRUE(Contains(d.text, norm)) << name << " lost: " << t;
      ++checked;
    }
    EXPECT_GT(checked, 0u) << name;
  }
}

TEST(CleanTest, DevSetBoilerplateGoes) {
  auto clean = [](const char* n) {
    return Clean(ReadFile(std::string(SITREP_SHARED_DIR) + "/devset/articles/" + n)).text;
  };
  std::string a006 = clean("006.txt");
  EXPECT_FALSE(Contains(a006, "google_ad"));
  EXPECT_FALSE(Contains(a006, "Binnish demonstrators"));
  EXPECT_EQ(Count(a006, "Explosion kills SDF patrol members in Raqqa"), 1u);
  EXPECT_TRUE(Contains(a006, "An explosion targeted an SDF patrol in Raqqa city"));
  std::string a007 = clean("007.txt");
  EXPECT_EQ(Count(a007, "Three members of regime-backed gunmen were killed"), 1u);
  EXPECT_EQ(Count(a007, "The Syrian army has carried out an expansive sweeping operation"), 1u);
  std::string a015 = clean("015.txt");
  EXPECT_FALSE(Contains(a015, "Leave a Reply"));
  EXPECT_FALSE(Contains(a015, "Back to top"));
  EXPECT_FALSE(Contains(a015, "will not be published"));
  EXPECT_EQ(Count(a015, "8 killed, 27 wounded after Houthis"), 1u);
  std::string a013 = clean("013.txt");
  EXPECT_FALSE(Contains(a013, "797 View"));
  EXPECT_FALSE(Contains(a013, "(NRT Digital Media)"));
  EXPECT_TRUE(Contains(clean("004.txt"), "Security absence in Daraa"));  // a section title
  EXPECT_FALSE(Contains(clean("005.txt"), "Author: Jason Ditz"));
}

TEST(CleanTest, ArabicArticleKeepsArabicLines) {
  std::ifstream in(SITREP_SHARED_DIR "/fixtures/mleiha-al-atash-arabic/articles.jsonl");
  std::string line;
  int articles = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    std::string text = j["text"].get<std::string>();
    CleanDoc d = Clean(text);
    ++articles;
    // Every long Arabic paragraph survives.
    for (std::string_view l : SplitString(text, '\n')) {
      std::string_view t = TrimWhitespace(l);
      if (t.size() < 200 || t.starts_with("camera icon")) continue;
      EXPECT_TRUE(Contains(d.text, Clean(t).text)) << t;
    }
    EXPECT_FALSE(Contains(d.text, "camera icon"));
  }
  EXPECT_EQ(articles, 4);
}

TEST(CleanTest, ArabicLinkDroppedOnlyInLatinArticle) {
  std::string latin =
      "Title of the report\n\nThe convoy was attacked near the river on Monday morning.\n\n"
      "\u0627\u0642\u0631\u0623 \u0628\u0627\u0644\u0639\u0631\u0628\u064a\u0629\n\n"
      "Officials said the road was closed afterwards.";
  CleanDoc d = Clean(latin);
  EXPECT_FALSE(Contains(d.text, "\u0627\u0642\u0631\u0623"));
  EXPECT_TRUE(Contains(d.text, "Officials said the road was closed afterwards."));
}

TEST(CleanTest, HeadlinesCaptionsAndRepeats) {
  std::string text =
      "Rebels Take Hill Near Town\n\n"
      "Fighters took the hill on Monday, a monitor said.\n\n"
      "Army Shells Villages In The North Again\n\n"
      "Soldiers guard a checkpoint near the town - May 3, 2021 (AFP)\n\n"
      "(Reuters)\n\n"
      "Photo: a damaged building in the old market\n\n"
      "Fighters took the hill on Monday, a monitor said.\n\n"
      "Share this article\n\n"
      "The fighting continued overnight (AFP).";
  CleanDoc d = Clean(text);
  EXPECT_EQ(d.text,
            "Rebels Take Hill Near Town\n\nFighters took the hill on Monday, a monitor said.\n\n"
            "The fighting continued overnight (AFP).");
  EXPECT_EQ(d.captions.size(), 3u);
  EXPECT_EQ(d.removed.size(), 6u);
}

TEST(CleanTest, DatelinesBecomeCaptions) {
  std::string text = "Some headline here\n\nPublished: July 15, 2023\n\nThe attack came at night.";
  CleanDoc d = Clean(text);
  EXPECT_EQ(d.text, "Some headline here\n\nThe attack came at night.");
  ASSERT_EQ(d.captions.size(), 1u);
  EXPECT_EQ(d.captions[0].of(text), "Published: July 15, 2023");
}

TEST(CleanTest, BadInputNeverFails) {
  CleanDoc empty = Clean("");
  EXPECT_TRUE(empty.text.empty());
  EXPECT_EQ(empty.to_original.size(), 1u);
  EXPECT_TRUE(empty.MapSpan({0, 5}).empty());
  CleanDoc bad = Clean(std::string("Head\n\nbad \xff\xfe bytes \xe2\x80 end.", 26));
  EXPECT_TRUE(IsValidUtf8(bad.text));
  EXPECT_TRUE(Contains(bad.text, "\xEF\xBF\xBD"));
  EXPECT_EQ(bad.to_original.size(), bad.text.size() + 1);
  CleanDoc blank = Clean("\n\n \t \r\n\u00a0\n");
  EXPECT_TRUE(blank.text.empty());
  std::string nul("A\0B\n\nC", 6);
  EXPECT_EQ(Clean(nul).to_original.size(), Clean(nul).text.size() + 1);
}

TEST(CleanTest, BoilerplateFileMatchesBuiltInDefaults) {
  auto loaded = Boilerplate::Load(SITREP_SOURCE_DIR "/data/boilerplate.tsv");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  Boilerplate defaults = Boilerplate::Defaults();
  ASSERT_EQ(loaded->rules().size(), defaults.rules().size());
  for (size_t i = 0; i < defaults.rules().size(); ++i) {
    EXPECT_EQ(loaded->rules()[i].phrase, defaults.rules()[i].phrase);
    EXPECT_EQ(loaded->rules()[i].max_words, defaults.rules()[i].max_words);
    EXPECT_EQ(loaded->rules()[i].caption, defaults.rules()[i].caption);
    EXPECT_EQ(loaded->rules()[i].match, defaults.rules()[i].match);
  }
}

TEST(CleanTest, BoilerplateLoadErrors) {
  auto missing = Boilerplate::Load("/nonexistent/boilerplate.tsv");
  EXPECT_FALSE(missing.ok());
  EXPECT_TRUE(Contains(missing.status().message(), "/nonexistent/boilerplate.tsv"));
  auto bad =
      Boilerplate::Parse("# c\nmatch\tmax_words\tkind\tphrase\nfuzzy\t3\tdrop\tx\n", "b.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "b.tsv:3: unknown match \"fuzzy\"");
  EXPECT_FALSE(Boilerplate::Parse("prefix\tmany\tdrop\tx\n", "b.tsv").ok());
  EXPECT_FALSE(Boilerplate::Parse("prefix\t3\tdrop\n", "b.tsv").ok());
}

TEST(CleanTest, SentencesAreNotTakenForBoilerplate) {
  std::string text =
      "Head line\n\nBy Monday, 20 had died.\n\nShare prices fell on the news.\n\n"
      "Related incidents were reported in the east.\n\nSupport Our Outlet..\n\nShare this";
  EXPECT_EQ(Clean(text).text,
            "Head line\n\nBy Monday, 20 had died.\n\nShare prices fell on the news.\n\n"
            "Related incidents were reported in the east.");
}

TEST(CleanTest, CustomRules) {
  auto rules = Boilerplate::Parse("contains\t0\tdrop\tsponsored content\n", "t");
  ASSERT_TRUE(rules.ok());
  CleanDoc d = Clean("Head line\n\nThis is Sponsored Content from a bank.\n\nReal text.", *rules);
  EXPECT_EQ(d.text, "Head line\n\nReal text.");
}

// Speed is measured by bench/stages_bench.cc, not here: this checks a large input is handled whole.
TEST(CleanTest, CleanPlusSegmentLargeInput) {
  std::string para =
      "Shelling by government forces on Thursday killed at least 13 civilians in the town, "
      "a war monitor and local activists reported to the press on Friday.\n\n";
  std::string text = "A plain headline\n\n";
  int numbered = 0;
  for (int i = 0; text.size() < (8u << 20); ++i, ++numbered) {
    text += para;
    text += "Paragraph number " + std::to_string(i) + " says the toll rose to " +
            std::to_string(i % 97) + " people.\n\n";
  }
  CleanDoc d = Clean(text);
  auto spans = segment::SplitSentences(d.text);
  // The repeated paragraph is kept once (repeats are boilerplate); every numbered one stays.
  EXPECT_EQ(spans.size(), static_cast<size_t>(numbered) + 2);
  EXPECT_EQ(d.to_original.size(), d.text.size() + 1);
}

}  // namespace
}  // namespace sitrep::clean
