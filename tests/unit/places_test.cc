// The places stage: choosing among a name's candidates with the text's context
// (ChooseCandidate, on candidates built by hand), and whole sentences written for these
// tests resolved with the shipped gazetteer (villages included).
#include "places/places.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "geo/geo.h"
#include "mentions/mentions.h"
#include "pipeline/resources_impl.h"
#include "places/choose.h"
#include "places/geo_cache.h"
#include "segment/segment.h"
#include "test_resources.h"

namespace sitrep::places {
namespace {

geo::Candidate Village(std::string name, double lat, double lon, double score,
                       std::string admin1 = "Daraa") {
  geo::Candidate c;
  c.place.name = std::move(name);
  c.place.country_code = "SY";
  c.place.admin1 = std::move(admin1);
  c.place.latitude = lat;
  c.place.longitude = lon;
  c.place.village = true;
  c.score = score;
  return c;
}

MentionEvidence Cued() {
  MentionEvidence ev;
  ev.locality_cue = true;
  return ev;
}

TEST(ChooseCandidate, APlaceOfTheSameSentencePicksTheNamesake) {
  // Two namesakes 30 km apart score alike; the other village of the sentence lies 6 km
  // from the second.
  std::vector<geo::Candidate> cands = {Village("Nimr", 33.02, 36.03, 7.4),
                                       Village("Namir", 32.80, 36.22, 7.4)};
  MentionEvidence ev = Cued();
  ev.same_sentence = {{32.75, 36.20}};
  Choice c = ChooseCandidate(&cands, ev, true);
  ASSERT_EQ(c.verdict, Verdict::kAccept);
  EXPECT_EQ(cands[c.index].place.name, "Namir");
  EXPECT_NE(cands[c.index].why.find("from a place of the same sentence"), std::string::npos);
}

TEST(ChooseCandidate, NamesakesNothingTellsApartFallBackToTheirProvince) {
  std::vector<geo::Candidate> cands = {Village("Khabab", 33.01, 36.28, 7.4),
                                       Village("Jibab", 33.11, 36.27, 7.4)};
  Choice first = ChooseCandidate(&cands, Cued(), false);
  EXPECT_EQ(first.verdict, Verdict::kDefer);  // the article's other places may decide
  Choice c = ChooseCandidate(&cands, Cued(), true);
  ASSERT_EQ(c.verdict, Verdict::kAmbiguous);
  EXPECT_EQ(c.common_admin1, "Daraa");
  EXPECT_EQ(c.common_country_code, "SY");
  EXPECT_NE(c.why.find("Khabab"), std::string::npos);
  EXPECT_NE(c.why.find("Jibab"), std::string::npos);
  EXPECT_NE(c.why.find("does not decide"), std::string::npos);
  // In different provinces there is no common area to fall back to.
  cands = {Village("Tall Qasim", 32.91, 36.12, 6.4),
           Village("Tall Qasim", 35.91, 36.61, 6.4, "Idlib")};
  c = ChooseCandidate(&cands, Cued(), true);
  EXPECT_EQ(c.verdict, Verdict::kAmbiguous);
  EXPECT_TRUE(c.common_admin1.empty());
}

TEST(ChooseCandidate, CloseNamesakesAndDistrictsAreNotRivals) {
  // 5 km apart: either is the place at ACLED's precision.
  std::vector<geo::Candidate> cands = {Village("Sahl", 32.99, 36.25, 7.4),
                                       Village("Sahl", 33.03, 36.25, 7.4)};
  EXPECT_EQ(ChooseCandidate(&cands, Cued(), true).verdict, Verdict::kAccept);
  // A district named after its village contains it.
  geo::Candidate district = Village("Shor Tepah", 37.33, 67.09, 7.0, "Balkh");
  district.place.level = geo::Level::kAdmin2;
  district.place.village = false;
  cands = {Village("Shor Tepe", 37.34, 66.82, 7.4, "Balkh"), district};
  EXPECT_EQ(ChooseCandidate(&cands, Cued(), true).verdict, Verdict::kAccept);
}

TEST(ChooseCandidate, AVillageNeedsTheTextToPresentItAsAPlace) {
  std::vector<geo::Candidate> cands = {Village("Ali", 32.80, 36.20, 5.4)};
  MentionEvidence bare;
  EXPECT_EQ(ChooseCandidate(&cands, bare, false).verdict, Verdict::kDefer);
  Choice c = ChooseCandidate(&cands, bare, true);
  EXPECT_EQ(c.verdict, Verdict::kUnsupported);
  EXPECT_NE(c.why.find("not taken"), std::string::npos);
  for (auto support : {&MentionEvidence::locality_cue, &MentionEvidence::near,
                       &MentionEvidence::site_preposition}) {
    MentionEvidence ev;
    ev.*support = true;
    EXPECT_EQ(ChooseCandidate(&cands, ev, true).verdict, Verdict::kAccept);
  }
  MentionEvidence province;
  const std::vector<std::string> daraa = {"Daraa"};
  province.provinces = daraa;
  EXPECT_EQ(ChooseCandidate(&cands, province, true).verdict, Verdict::kAccept);
  MentionEvidence nearby;
  const std::vector<std::pair<double, double>> point = {{32.75, 36.10}};
  nearby.article = point;
  EXPECT_EQ(ChooseCandidate(&cands, nearby, true).verdict, Verdict::kAccept);
  // A town needs no more than being the best candidate.
  cands.front().place.village = false;
  EXPECT_EQ(ChooseCandidate(&cands, bare, false).verdict, Verdict::kAccept);
}

// ---------------------------------------------------------------- sentences

const detail::ResourcesImpl& Res() { return testing_support::TestResources().impl(); }

struct Found {
  explicit Found(std::string t) : text(std::move(t)) {
    doc.text = text;
    doc.sentences = segment::SplitSentences(doc.text);
    mentions::MentionResources mres{&Res().knowledge, &Res().date_words, &Res().number_words,
                                    Res().gazetteer.get()};
    mentions::FindMentions(mres, std::nullopt, &doc);
    FindPlaces(mres, &doc);
  }
  const mentions::PlaceMention* Place(std::string_view written) const {
    for (const auto& p : doc.places)
      if (p.written == written) return &p;
    return nullptr;
  }
  std::string text;
  mentions::Document doc;
};

TEST(FindPlaces, VillagesOfTheWorkedExample) {
  Found f(
      "Gunmen attacked a patrol on the road between Namer and Kherbet Ghazaleh, north-eastern "
      "Daraa, on Monday. A day later a bomb hit the town of Mleiha al-Atash in eastern rural "
      "Daraa.");
  const auto* namer = f.Place("Namer");
  const auto* ghazaleh = f.Place("Kherbet Ghazaleh");
  const auto* mleiha = f.Place("Mleiha al-Atash");
  ASSERT_TRUE(namer && ghazaleh && mleiha);
  ASSERT_TRUE(namer->place && ghazaleh->place && mleiha->place) << namer->note;
  EXPECT_TRUE(namer->near);
  EXPECT_LT(geo::DistanceKm(namer->place->latitude, namer->place->longitude,
                            ghazaleh->place->latitude, ghazaleh->place->longitude),
            10);
  EXPECT_LT(geo::DistanceKm(mleiha->place->latitude, mleiha->place->longitude, 32.824, 36.295), 3);
  EXPECT_EQ(mleiha->place->admin1, "Daraa");
  EXPECT_EQ(mleiha->place->name, "Mleiha al-Atash");  // the text's spelling
}

TEST(FindPlaces, ArabicNameTakesTheEnglishName) {
  Found f("قتل ثلاثة عناصر في انفجار ببلدة مليحة العطش بريف درعا الشرقي.");
  const auto* m = f.Place("مليحة العطش");
  ASSERT_TRUE(m && m->place);
  EXPECT_EQ(m->place->name, "Malihat al Atash");
  EXPECT_LT(geo::DistanceKm(m->place->latitude, m->place->longitude, 32.824, 36.295), 3);
}

TEST(FindPlaces, PeopleAndWordsDoNotBecomeVillages) {
  Found f(
      "Hassan told reporters in Damascus that the army had advanced. Market prices rose in "
      "Aleppo, Ali said.");
  for (const char* w : {"Hassan", "Market", "Ali"}) {
    const auto* p = f.Place(w);
    if (p != nullptr) EXPECT_FALSE(p->place.has_value()) << w << " -> " << p->place->name;
  }
  ASSERT_TRUE(f.Place("Damascus") && f.Place("Damascus")->place);
  EXPECT_EQ(f.doc.country_code, "SY");
}

TEST(FindPlaces, AStateOfTheArticlesCountryBeatsAForeignTown) {
  Found f("Sudanese police dispersed protesters in Gezira state on Monday.");
  const auto* g = f.Place("Gezira");
  ASSERT_TRUE(g && g->place);
  EXPECT_EQ(g->place->country_code, "SD");
  EXPECT_EQ(g->place->level, geo::Level::kAdmin1);
  // A province name several countries share takes the country of the article's towns.
  Found p("Journalists protested in Lahore city (Lahore, Punjab) on Tuesday.");
  const auto* punjab = p.Place("Punjab");
  ASSERT_TRUE(punjab && punjab->place);
  EXPECT_EQ(punjab->place->country_code, "PK");
}

TEST(FindPlaces, AnIsoCodeInCapitalsIsNoCountry) {
  // "KN" is Saint Kitts and Nevis's ISO code, "MP" the Northern Mariana Islands', "HM" Heard
  // Island's: written in a text they are a state, an office or a group.
  Found f(
      "Nurses protested outside a hospital in Mysore city (Mysore, KN) on Friday. An MP "
      "addressed the crowd, and police said HM fighters were not involved.");
  for (const auto& p : f.doc.places) {
    if (p.place) EXPECT_NE(p.place->level, geo::Level::kCountry) << p.written;
  }
  EXPECT_NE(f.doc.country_code, "KN");
  EXPECT_NE(f.doc.country_code, "MP");
  // The abbreviations the press writes for a country still are one.
  Found drc("Rebels attacked an army post in eastern DRC on Monday.");
  const auto* d = drc.Place("DRC");
  ASSERT_TRUE(d && d->place);
  EXPECT_EQ(d->place->country_code, "CD");
}

TEST(FindPlaces, ANeighbourhoodLiesInItsCity) {
  // Campinas, 2,600 km away, is what a spelling variant makes of "Compensa": the city the
  // text names places it.
  Found far("In Manaus, gunmen shot a man dead in the Compensa neighbourhood on Friday.");
  const auto* compensa = far.Place("Compensa");
  ASSERT_TRUE(compensa && compensa->place);
  EXPECT_EQ(compensa->place->name, "Manaus");
  EXPECT_NE(compensa->note.find("neighbourhood Compensa of Manaus"), std::string::npos);
  // One the gazetteer lacks is placed by it too.
  Found lacking("In Kabul, a bomb went off in the Dasht-e-Barchi neighbourhood on Sunday.");
  const auto* barchi = lacking.Place("Dasht-e-Barchi");
  ASSERT_TRUE(barchi && barchi->place);
  EXPECT_EQ(barchi->place->name, "Kabul");
  // A neighbourhood the gazetteer has in that city stays itself.
  Found near("In Mogadishu, a mortar shell hit the Hodan neighbourhood on Friday.");
  const auto* hodan = near.Place("Hodan");
  ASSERT_TRUE(hodan && hodan->place);
  EXPECT_EQ(hodan->place->name, "Hodan");
  EXPECT_LT(geo::DistanceKm(hodan->place->latitude, hodan->place->longitude, 2.04, 45.34), 25);
}

TEST(FindPlaces, AVillageOfTheExactSpellingBeatsATownOfASimilarOne) {
  // No country named: China's Manzhouli (55,000 people, a spelling variant of "Mansila")
  // must not outrank the Burkinabe village that bears that exact name.
  Found f("Gunmen abducted a trader in Mansila (Mansila, Yagha) on Tuesday.");
  const auto* m = f.Place("Mansila");
  ASSERT_TRUE(m && m->place) << (m ? m->note : "");
  EXPECT_EQ(m->place->country_code, "BF");
  EXPECT_EQ(f.doc.country_code, "BF");
}

// A gazetteer that knows one country, under a name of its own, and counts the questions.
class OneCountryGazetteer : public geo::Gazetteer {
 public:
  explicit OneCountryGazetteer(std::string label) : label_(std::move(label)) {}
  std::vector<geo::Candidate> Lookup(std::string_view, const geo::GeoContext&,
                                     const geo::LookupOptions&) const override {
    ++asked;
    return {};
  }
  std::optional<geo::Place> FindAdmin1(std::string_view, std::string_view, bool) const override {
    ++asked;
    return std::nullopt;
  }
  std::optional<geo::Place> FindCountry(std::string_view name) const override {
    ++asked;
    if (name != "Atlantis") return std::nullopt;
    geo::Place p;
    p.name = label_;
    return p;
  }
  bool MayContain(std::string_view) const override { return true; }
  mutable int asked = 0;

 private:
  std::string label_;
};

TEST(GeoCache, AnswersOutliveTheDocumentButNeverCrossGazetteers) {
  OneCountryGazetteer first("first"), second("second");
  EXPECT_NE(first.serial(), second.serial());
  {
    GeoCache doc1(first);
    ASSERT_TRUE(doc1.FindCountry("Atlantis"));
    EXPECT_EQ(doc1.FindCountry("Atlantis")->name, "first");
    EXPECT_FALSE(doc1.FindCountry("Lemuria"));
  }
  EXPECT_EQ(first.asked, 2);
  {
    // The next document of the thread asks the gazetteer nothing it was asked before.
    GeoCache doc2(first);
    EXPECT_EQ(doc2.FindCountry("Atlantis")->name, "first");
    EXPECT_FALSE(doc2.FindCountry("Lemuria"));
    EXPECT_EQ(first.asked, 2);
    // Another gazetteer's cache, alive at the same time, answers from its own.
    GeoCache other(second);
    EXPECT_EQ(other.FindCountry("Atlantis")->name, "second");
    EXPECT_EQ(second.asked, 1);
  }
  {
    // Once no cache reads the thread's answers, a new gazetteer replaces them.
    GeoCache doc3(second);
    EXPECT_EQ(doc3.FindCountry("Atlantis")->name, "second");
    GeoCache doc4(first);
    EXPECT_EQ(doc4.FindCountry("Atlantis")->name, "first");
  }
}

}  // namespace
}  // namespace sitrep::places
