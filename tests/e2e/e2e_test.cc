// End-to-end tests of sitrep::Extract: evidence offsets slice the original text exactly,
// the worked example gives its events, bad input fails cleanly, output is deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "sitrep/reader.h"
#include "sitrep/sitrep.h"
#include "sitrep/writer.h"
#include "test_resources.h"

namespace sitrep {
namespace {

const Resources& Res() { return testing_support::TestResources(); }

std::vector<Article> ReadAll(const std::string& path) {
  std::vector<Article> out;
  ArticleSink sink;
  sink.on_article = [&](Article&& a) { out.push_back(std::move(a)); };
  sink.on_error = [](const Status& s) { ADD_FAILURE() << s.ToString(); };
  EXPECT_TRUE(ReadPath(path, {}, sink).ok()) << path;
  return out;
}

// Code points of `s` from `start` to `end`, as Python's s[start:end] gives them.
std::string SliceCodePoints(const std::string& s, int64_t start, int64_t end) {
  std::string out;
  int64_t cp = -1;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++cp;
    if (cp >= start && cp < end) out.push_back(s[i]);
  }
  return out;
}

void ExpectEvidenceSlicesOriginal(const Article& a, const std::vector<Event>& events) {
  for (const Event& ev : events) {
    EXPECT_FALSE(ev.evidence.empty()) << a.id;
    for (const Evidence& e : ev.evidence) {
      ASSERT_LE(e.start, e.end);
      EXPECT_EQ(SliceCodePoints(a.text, e.start, e.end), e.text)
          << a.id << " field " << e.field << " [" << e.start << "," << e.end << ")";
      EXPECT_FALSE(e.text.empty()) << a.id << " " << e.field;
    }
  }
}

TEST(Extract, EvidenceOffsetsSliceTheOriginalText) {
  std::vector<std::string> inputs = {
      SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.article.jsonl",
      SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.txt",
      SITREP_SHARED_DIR "/devset/articles.jsonl",
      SITREP_SHARED_DIR "/fixtures/mleiha-al-atash-arabic/articles.jsonl",
      SITREP_SOURCE_DIR "/examples"};
  // The project's golden articles (their .gold.jsonl siblings are not articles).
  for (const char* dir :
       {SITREP_SOURCE_DIR "/tests/golden/reports", SITREP_SOURCE_DIR "/tests/golden/taxonomy"})
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.path().string().ends_with(".article.jsonl"))
        inputs.push_back(entry.path().string());
  int checked = 0;
  for (const auto& in : inputs) {
    for (const Article& a : ReadAll(in)) {
      auto events = Extract(a, Res());
      ASSERT_TRUE(events.ok()) << events.status().ToString();
      ExpectEvidenceSlicesOriginal(a, *events);
      checked += static_cast<int>(events->size());
    }
  }
  EXPECT_GT(checked, 20);
}

TEST(Extract, WorkedExampleMainEvent) {
  auto arts = ReadAll(SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.article.jsonl");
  ASSERT_EQ(arts.size(), 1u);
  auto events = Extract(arts[0], Res());
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  const Event& main = events->front();
  EXPECT_EQ(main.event_date, "2019-07-27");
  EXPECT_EQ(main.sub_event_type, "Suicide bomb");
  EXPECT_EQ(main.actor1, "Islamic State");
  EXPECT_EQ(main.actor2, "Military Forces of Syria");
  EXPECT_EQ(main.assoc_actor_2, "5th Legion");
  EXPECT_EQ(main.location, "Melihit al-Atash");
  EXPECT_EQ(main.admin1, "Daraa");
  EXPECT_EQ(main.fatalities, 8);
  EXPECT_EQ(main.injuries, 10);
  ASSERT_EQ(main.claims.size(), 2u);
  EXPECT_EQ(main.claims[0].source, "Amaaq");
  EXPECT_EQ(main.claims[0].claim, "responsibility");
  EXPECT_EQ(main.claims[1].source, "SANA");
  EXPECT_EQ(main.claims[1].claim, "report");
  EXPECT_FALSE(main.claims[1].fatalities.has_value());
  EXPECT_EQ(main.sources, (std::vector<std::string>{"Enab Baladi", "Amaaq", "SANA"}));
}

double Km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180;
  const double h = std::pow(std::sin((lat2 - lat1) * kRad / 2), 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) *
                       std::pow(std::sin((lon2 - lon1) * kRad / 2), 2);
  return 6371 * 2 * std::asin(std::sqrt(h));
}

// Issue 11: the worked example's events at their villages (the village layer).
TEST(Extract, WorkedExampleVillages) {
  auto arts = ReadAll(SITREP_SHARED_DIR "/fixtures/enab-baladi-2019-07-28-daraa.article.jsonl");
  ASSERT_EQ(arts.size(), 1u);
  auto events = Extract(arts[0], Res());
  ASSERT_TRUE(events.ok());
  bool july = false, june = false;
  for (const Event& e : *events) {
    ASSERT_TRUE(e.latitude && e.longitude);
    if (e.event_date == "2019-07-27") {
      july = true;  // Melihit al-Atash
      EXPECT_LT(Km(*e.latitude, *e.longitude, 32.824, 36.295), 3) << e.location;
    }
    if (e.event_date == "2019-06-04") {
      june = true;  // between Namer (Namir) and Kherbet Ghazaleh (Khirbat Ghazalah)
      EXPECT_EQ(e.geo_precision, 2);
      EXPECT_LT(Km(*e.latitude, *e.longitude, 32.795, 36.219), 10) << e.location;
      EXPECT_LT(Km(*e.latitude, *e.longitude, 32.734, 36.205), 10) << e.location;
    }
  }
  EXPECT_TRUE(july && june);
}

// The four Arabic reports put the attack at one village, under its English name.
TEST(Extract, ArabicReportsShareTheVillage) {
  int seen = 0;
  for (const Article& a :
       ReadAll(SITREP_SHARED_DIR "/fixtures/mleiha-al-atash-arabic/articles.jsonl")) {
    auto events = Extract(a, Res());
    ASSERT_TRUE(events.ok()) << a.id;
    for (const Event& e : *events) {
      if (e.event_date != "2019-07-27") continue;
      ++seen;
      EXPECT_EQ(e.location, "Malihat al Atash") << a.id;
      ASSERT_TRUE(e.latitude && e.longitude);
      EXPECT_LT(Km(*e.latitude, *e.longitude, 32.824, 36.295), 3) << a.id;
    }
  }
  EXPECT_GE(seen, 4);
}

TEST(Extract, DeterministicOutput) {
  auto arts = ReadAll(SITREP_SHARED_DIR "/devset/articles.jsonl");
  for (const Article& a : arts) {
    auto x = Extract(a, Res()), y = Extract(a, Res());
    ASSERT_TRUE(x.ok() && y.ok());
    ASSERT_EQ(x->size(), y->size());
    for (size_t i = 0; i < x->size(); ++i) EXPECT_EQ(ToJsonLine((*x)[i]), ToJsonLine((*y)[i]));
  }
}

TEST(Extract, BadInputFailsWithClearMessage) {
  Article empty{.id = "e1", .text = "  \n "};
  auto r = Extract(empty, Res());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("empty"), std::string::npos);

  Article broken{.id = "b1", .text = "Shelling killed\xff three"};
  r = Extract(broken, Res());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("UTF-8"), std::string::npos);

  Article huge{.id = "h1", .text = std::string(9u << 20, 'a'), .origin = "huge.txt"};
  r = Extract(huge, Res());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("huge.txt"), std::string::npos);
  EXPECT_NE(r.status().message().find("limit"), std::string::npos);

  Article bad_date{
      .id = "d1", .text = "Shelling killed three civilians.", .published = "28/07/2019"};
  r = Extract(bad_date, Res());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("28/07/2019"), std::string::npos);
}

// An article dense with incidents must cost time in proportion to its length: this one is
// 4 MB of attack reports (it took minutes before merging and lookups were indexed).
TEST(Extract, DenseArticleCompletes) {
  std::string text = "Dense report\n\n";
  const std::string sentence =
      "Gunmen attacked an army checkpoint near Daraa on Monday, killing three soldiers. ";
  while (text.size() < (4u << 20)) text += sentence;
  Article a{.id = "dense", .text = text, .published = "2020-01-01"};
  auto r = Extract(a, Res());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->empty());
  EXPECT_EQ(r->front().fatalities, 3);
}

// A town placed "in the" area of a name the gazetteer does not know: the unknown container
// must not be read as a place (this once dereferenced an empty optional).
TEST(Extract, UnknownContainerIsNotAPlace) {
  Article a{.id = "c1",
            .text =
                "Gunmen kill two in Tafas\n\nGunmen attacked a checkpoint in Tafas in the "
                "Qarqazzi area on Monday, killing two soldiers, a monitor said. Clashes also hit "
                "Jasim in the Wadi Zzub district of Daraa.",
            .published = "2021-03-02"};
  auto r = Extract(a, Res());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->empty());
  for (const Event& e : *r) EXPECT_TRUE(e.country.empty() || e.country == "Syria") << e.country;
}

TEST(Extract, NoEventInNonConflictText) {
  Article a{.id = "n1",
            .text =
                "Markets reopen in Aleppo\n\nShops in the old city of Aleppo reopened on "
                "Monday as traders returned after the winter holiday, local officials said.",
            .published = "2021-01-04"};
  auto r = Extract(a, Res());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(Extract, MissingDataDirNamesTheFile) {
  auto r = Resources::Load("/nonexistent/sitrep-data");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("/nonexistent/sitrep-data"), std::string::npos);
}

}  // namespace
}  // namespace sitrep
