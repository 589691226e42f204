// Event assembly rules, checked through the library entry point on short texts written
// for these tests: which mentions form one incident, which form two, and how sources,
// claims, dates and places are attached.
#include <gtest/gtest.h>

#include <cstdlib>

#include "sitrep/sitrep.h"
#include "test_resources.h"

namespace sitrep {
namespace {

const Resources& Res() { return testing_support::TestResources(); }

std::vector<Event> ExtractText(const std::string& text,
                               const std::string& published = "2021-03-10") {
  Article a{.id = "t", .text = text, .published = published, .publisher = "Test Wire"};
  auto r = Extract(a, Res());
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : std::vector<Event>{};
}

TEST(Events, CoordinatedIndefiniteTriggersAreTwoIncidents) {
  auto ev = ExtractText(
      "Blasts in Daraa\n\nThe latest incidents were the detonation of a bus carrying "
      "soldiers and an explosion aimed at an officer on March 2, in Daraa province.");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].event_date, "2021-03-02");
  EXPECT_EQ(ev[1].event_date, "2021-03-02");
}

TEST(Events, AnaphorJoinsTheIncidentToldBefore) {
  auto ev = ExtractText(
      "Bomb kills three in Izraa\n\nA roadside bomb killed three soldiers in the town "
      "of Izraa in rural Daraa on Monday. The attack was claimed by no group.");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].sub_event_type, "Remote explosive/landmine/IED");
  EXPECT_EQ(ev[0].event_date, "2021-03-08");
  EXPECT_EQ(ev[0].fatalities, 3);
  EXPECT_EQ(ev[0].admin1, "Daraa");
}

TEST(Events, EachSourceKeepsItsOwnFigures) {
  auto ev = ExtractText(
      "Shelling hits Kafr Nabl\n\nThe Syrian Observatory for Human Rights said "
      "government shelling killed five civilians in Kafr Nabl in rural Idlib on "
      "Tuesday. SANA reported that the shelling of Kafr Nabl on Tuesday killed two.");
  ASSERT_EQ(ev.size(), 1u);
  ASSERT_EQ(ev[0].claims.size(), 2u);
  EXPECT_EQ(ev[0].claims[0].source, "SOHR");
  EXPECT_EQ(ev[0].claims[0].fatalities, 5);
  EXPECT_EQ(ev[0].claims[1].source, "SANA");
  EXPECT_EQ(ev[0].claims[1].fatalities, 2);
  // The first source with a figure gives the event's figure; the range spans the claims.
  EXPECT_EQ(ev[0].fatalities, 5);
  EXPECT_EQ(ev[0].fatalities_low, 2);
  EXPECT_EQ(ev[0].fatalities_high, 5);
}

TEST(Events, TrendsAndNegationsAreNotEvents) {
  EXPECT_TRUE(
      ExtractText("Analysis\n\nAttacks of this kind have been on the rise in Daraa province "
                  "since the settlement deal.")
          .empty());
  EXPECT_TRUE(ExtractText("Talks\n\nThe agreement prevented a major offensive on Idlib.").empty());
}

TEST(Events, GenericAttackOnCiviliansIsViolenceAgainstCivilians) {
  auto ev = ExtractText(
      "Gunmen kill farmer\n\nUnknown gunmen killed a farmer in the town of Tafas in "
      "rural Daraa on Sunday.");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].event_type, "Violence against civilians");
  EXPECT_EQ(ev[0].sub_event_type, "Attack");
  EXPECT_EQ(ev[0].fatalities, 1);
  EXPECT_EQ(ev[0].civilian_targeting, "Civilian targeting");
}

TEST(Events, UnknownVillageKeepsItsNameAndTakesItsProvince) {
  auto ev = ExtractText(
      "Clash near Qarqazzi\n\nIslamic State militants attacked an army post in "
      "Qarqazzi village, rural Daraa, on Monday, killing two soldiers.");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].location, "Qarqazzi");
  EXPECT_EQ(ev[0].admin1, "Daraa");
  EXPECT_EQ(ev[0].geo_precision, 2);
  EXPECT_EQ(ev[0].actor1, "Islamic State");
  EXPECT_EQ(ev[0].actor2, "Military Forces of Syria");
}

// Bulletin wording: an adverb between the agent and its verb, a crowd that is both the
// actor and the event, a small count of blasts (one incident, not a tally).
TEST(Events, BulletinWordingStillMakesEvents) {
  auto gunmen = ExtractText(
      "On 3 March 2021, unidentified gunmen reportedly killed a teacher in Baidoa, Bay region.");
  ASSERT_EQ(gunmen.size(), 1u);
  EXPECT_EQ(gunmen[0].event_type, "Violence against civilians");
  EXPECT_EQ(gunmen[0].fatalities, 1);

  auto riot =
      ExtractText("On 4 March 2021, rioters blocked the main road in Tripoli with burning tyres.");
  ASSERT_EQ(riot.size(), 1u);
  EXPECT_EQ(riot[0].event_type, "Riots");
  EXPECT_EQ(riot[0].sub_event_type, "Violent demonstration");

  auto crowd = ExtractText("On 5 March 2021, hundreds of protesters gathered in Najaf city.");
  ASSERT_EQ(crowd.size(), 1u);
  EXPECT_EQ(crowd[0].sub_event_type, "Peaceful protest");

  auto blasts = ExtractText("On 6 March 2021, several explosions took place in Raqqa city.");
  ASSERT_EQ(blasts.size(), 1u);
  EXPECT_EQ(blasts[0].event_type, "Explosions/Remote violence");

  // A tally of many attacks is still a trend.
  EXPECT_TRUE(ExtractText("Some 174 explosions have hit Raqqa since January.").empty());
}

// Dates and tolls a reader infers: an event "hours after" another is on that day; the
// date of a first sentence carries to the incident told in the next; "assassinated" is a
// death; "clashes broke out between X and Y" makes X actor1.
TEST(Events, InferredDatesTollsAndParties) {
  auto ev = ExtractText(
      "Gunmen stormed a checkpoint in Baidoa on Monday, killing four soldiers. The attack "
      "came just hours after al-Shabaab assassinated a district commissioner in Marka.",
      "2021-03-10");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].event_date, "2021-03-08");
  EXPECT_EQ(ev[1].event_date, "2021-03-08");
  EXPECT_EQ(ev[1].fatalities, 1);
  EXPECT_EQ(ev[1].actor1, "Al Shabaab");

  auto carried = ExtractText(
      "On 8 March 2021, the police carried out an operation in the Bairro Novo district of "
      "Salvador, Bahia. A shoot-out broke out and two officers were injured.");
  ASSERT_EQ(carried.size(), 1u);
  EXPECT_EQ(carried[0].event_date, "2021-03-08");
  EXPECT_EQ(carried[0].injuries, 2);

  auto between = ExtractText(
      "Since March 2, heavy clashes broke out between the SDF and Arab tribes in Deir ez-Zor.");
  ASSERT_EQ(between.size(), 1u);
  EXPECT_EQ(between[0].actor1, "Syrian Democratic Forces");
  EXPECT_EQ(between[0].actor2, "Arab tribal militia");
}

// Arabic: triggers, tolls and places read through joined clitics ("بقصف", "وأصيب", "بريف"),
// places found after the word that announces them (no capitals in Arabic script).
TEST(Events, ArabicReportMakesAnEvent) {
  auto ev = ExtractText(
      "قتل ثلاثة مدنيين وأصيب خمسة آخرون بقصف مدفعي على بلدة كفرنبل بريف إدلب الجنوبي أمس "
      "الأحد.",
      "2021-03-08");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].sub_event_type, "Shelling/artillery/missile attack");
  EXPECT_EQ(ev[0].event_date, "2021-03-07");
  EXPECT_EQ(ev[0].fatalities, 3);
  EXPECT_EQ(ev[0].injuries, 5);
  EXPECT_EQ(ev[0].admin1, "Idlib");
  EXPECT_EQ(ev[0].location, "Kafranbel");
  EXPECT_EQ(ev[0].actor2, "Civilians (Syria)");
}

// A clause whose only trigger is support of another action ("backed by", "supported by")
// still has a head trigger: the explanation once read before the start of the triggers.
TEST(Events, SupportOnlyClauseIsExplainedSafely) {
  Article a{.id = "t",
            .text =
                "Fighters of the Rapid Support Forces looted shops in Geneina on Friday. An "
                "operation supported by patrols was held in Kirkuk on Monday.",
            .published = "2021-03-10"};
  std::string explain;
  ExtractOptions options;
  options.explain = &explain;
  auto r = Extract(a, Res(), options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->empty());
  EXPECT_EQ((*r)[0].sub_event_type, "Looting/property destruction");
  EXPECT_NE(explain.find("trigger 'looted'"), std::string::npos) << explain;
}

// A toll given place by place makes one event per place; the same toll told in the title
// and the body, with different weapons named, stays one incident.
TEST(Events, TollsByPlaceAndTollsRepeated) {
  auto split = ExtractText(
      "Government shelling killed 9 civilians in Idlib on Monday. The monitor said that eight "
      "civilians were killed in Kafr Nabl and one in Saraqib.");
  ASSERT_EQ(split.size(), 2u);
  EXPECT_EQ(split[0].location, "Kafranbel");
  EXPECT_EQ(split[0].fatalities, 8);
  EXPECT_EQ(split[1].location, "Saraqib");
  EXPECT_EQ(split[1].fatalities, 1);
  EXPECT_EQ(split[1].sub_event_type, "Shelling/artillery/missile attack");

  auto repeated = ExtractText(
      "6 killed, 14 wounded as Houthi drones hit Marib\n\nSix people were killed and 14 "
      "wounded after ballistic missiles launched by the Houthis struck Marib late on Monday.");
  ASSERT_EQ(repeated.size(), 1u);
  EXPECT_EQ(repeated[0].fatalities, 6);
  EXPECT_EQ(repeated[0].injuries, 14);
}

// What a name is decided by the article around it: a currency is not a country, a short
// acronym is not a town, and an alias two actors share goes to the article's country's.
TEST(Events, NamesReadInTheirArticlesCountry) {
  auto dollar = ExtractText(
      "Rioters angry at the soaring US dollar rate clashed with soldiers in Nabatieh, south "
      "Lebanon, on Sunday, and smashed ATM machines.");
  ASSERT_EQ(dollar.size(), 1u);
  EXPECT_EQ(dollar[0].country, "Lebanon");
  EXPECT_EQ(dollar[0].actor1, "Rioters (Lebanon)");

  auto donbas = ExtractText(
      "On Sunday, NAF fighters fired mortars at government positions near Avdiivka, Donetsk "
      "region, Ukraine.");
  ASSERT_EQ(donbas.size(), 1u);
  EXPECT_EQ(donbas[0].actor1, "NAF: United Armed Forces of Novorossiya");
  EXPECT_EQ(donbas[0].actor2, "Military Forces of Ukraine");

  auto borno = ExtractText(
      "On Sunday, NAF jets struck Boko Haram hideouts near Bama in Borno State, Nigeria.");
  ASSERT_EQ(borno.size(), 1u);
  EXPECT_EQ(borno[0].actor1, "Military Forces of Nigeria");
}

// What the police did to a crowd, told in the next sentence, is part of that protest.
TEST(Events, PoliceActionOnACrowdJoinsItsProtest) {
  auto intervened = ExtractText(
      "On Monday, some 200 dismissed teachers held a sit-in outside the governorate building in "
      "Sfax, demanding their jobs back. Police intervened and removed them by force.");
  ASSERT_EQ(intervened.size(), 1u);
  EXPECT_EQ(intervened[0].sub_event_type, "Protest with intervention");
  EXPECT_EQ(intervened[0].actor2, "Police Forces of Tunisia");

  auto detained = ExtractText(
      "On Monday, nurses protested outside the main hospital in Mardan over unpaid salaries. "
      "Several of them were detained by the police.");
  ASSERT_EQ(detained.size(), 1u);
  EXPECT_EQ(detained[0].sub_event_type, "Protest with intervention");

  auto peaceful = ExtractText(
      "On Monday, nurses protested outside the main hospital in Mardan over unpaid salaries. "
      "Police watched from a distance.");
  ASSERT_EQ(peaceful.size(), 1u);
  EXPECT_EQ(peaceful[0].sub_event_type, "Peaceful protest");
}

// An attack whose object is a village, a named town or a vehicle, with no armed party
// against the attackers, is violence against civilians; a checkpoint where it happened is
// no party to it.
TEST(Events, AttacksOnVillagesAndVehiclesTargetCivilians) {
  auto village = ExtractText(
      "On Tuesday, al-Shabaab fighters attacked the village of Bulo "
      "Marer in Lower Shabelle, Somalia, and burned several huts.");
  ASSERT_EQ(village.size(), 1u);
  EXPECT_EQ(village[0].event_type, "Violence against civilians");
  EXPECT_EQ(village[0].actor2, "Civilians (Somalia)");

  auto bus = ExtractText(
      "On Tuesday, a minibus was attacked by gunmen on the road to Kaduna, Nigeria. Two "
      "passengers were injured.");
  ASSERT_EQ(bus.size(), 1u);
  EXPECT_EQ(bus[0].event_type, "Violence against civilians");

  auto checkpoint = ExtractText(
      "On Tuesday, Taliban militants shot dead a shopkeeper at a checkpoint in Ghazni city, "
      "Afghanistan.");
  ASSERT_EQ(checkpoint.size(), 1u);
  EXPECT_EQ(checkpoint[0].event_type, "Violence against civilians");
  EXPECT_EQ(checkpoint[0].actor2, "Civilians (Afghanistan)");

  auto post = ExtractText(
      "On Tuesday, Taliban militants attacked an army checkpoint in Ghazni city, Afghanistan.");
  ASSERT_EQ(post.size(), 1u);
  EXPECT_EQ(post[0].event_type, "Battles");
  EXPECT_EQ(post[0].actor2, "Military Forces of Afghanistan");
}

// A fight with no armed group in it is mob violence; a protest whose crowd then burns
// tyres is one violent demonstration.
TEST(Events, CrowdsThatFightRiot) {
  auto mob = ExtractText(
      "On Sunday, youths from two neighbourhoods of Kisumu, Kenya, clashed with sticks and "
      "stones over a football match. Four people were injured.");
  ASSERT_EQ(mob.size(), 1u);
  EXPECT_EQ(mob[0].event_type, "Riots");
  EXPECT_EQ(mob[0].sub_event_type, "Mob violence");
  EXPECT_EQ(mob[0].actor1, "Rioters (Kenya)");

  auto riot = ExtractText(
      "On Sunday, garment workers staged a demonstration on the highway in Gazipur, "
      "Bangladesh, demanding unpaid wages. They also burnt tyres and blocked traffic.");
  ASSERT_EQ(riot.size(), 1u);
  EXPECT_EQ(riot[0].event_type, "Riots");
  EXPECT_EQ(riot[0].sub_event_type, "Violent demonstration");

  auto battle = ExtractText(
      "On Sunday, soldiers clashed with armed militants near Gao, Mali. Four soldiers were "
      "injured.");
  ASSERT_EQ(battle.size(), 1u);
  EXPECT_EQ(battle[0].event_type, "Battles");
}

// "Around" opening a sentence is no place; a province is found by the press's spelling; a
// village named by another country's town's foreign name stays a village of the country.
TEST(Events, ProvincesAndVillagesOfTheArticlesCountry) {
  auto wardak = ExtractText(
      "Around 9 May 2021, one policeman was killed by Taliban militants in Wardak province.",
      "2021-05-10");
  ASSERT_EQ(wardak.size(), 1u);
  EXPECT_EQ(wardak[0].country, "Afghanistan");
  EXPECT_EQ(wardak[0].admin1, "Wardak");

  auto kahira = ExtractText(
      "On 5 May 2021, militiamen attacked and injured three civilians near Kahira (Masisi, "
      "Nord-Kivu) in the Democratic Republic of Congo.",
      "2021-05-06");
  ASSERT_EQ(kahira.size(), 1u);
  EXPECT_EQ(kahira[0].country, "Democratic Republic of Congo");
  EXPECT_EQ(kahira[0].admin1, "Nord Kivu");
}

// Others killed besides those first counted add to the toll; another source's own figure
// for the same dead does not.
TEST(Events, AdditionalDeadAddToTheToll) {
  auto also = ExtractText(
      "On Monday, 2 soldiers were killed and 3 were wounded in a Taliban attack in Mingajik, "
      "Jowzjan. Local officials said that 7 militants were also killed.");
  ASSERT_EQ(also.size(), 1u);
  EXPECT_EQ(also[0].fatalities, 9);
  EXPECT_EQ(also[0].injuries, 3);

  auto other = ExtractText(
      "On Monday, 2 policemen were killed in a Taliban attack on a checkpoint in Imam Sahib, "
      "Kunduz. 2 other policemen were killed when they arrived as reinforcements.");
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].fatalities, 4);
}

// A side named by whom it backs is not that actor; a peaceful protest has no second party.
TEST(Events, BackersAndCausesAreNotParties) {
  auto shelled = ExtractText(
      "On Sunday, pro-Turkey rebel factions shelled the village of Um Shaifa near Tal Tamr, "
      "Hasakah province, Syria.");
  ASSERT_EQ(shelled.size(), 1u);
  EXPECT_NE(shelled[0].actor1, "Military Forces of Turkey");
  EXPECT_NE(shelled[0].actor2, "Military Forces of Turkey");

  auto protest = ExtractText(
      "On Friday, hundreds of people protested in Idlib city, Syria, against Hayat Tahrir "
      "al-Sham's new taxes.");
  ASSERT_EQ(protest.size(), 1u);
  EXPECT_EQ(protest[0].sub_event_type, "Peaceful protest");
  EXPECT_EQ(protest[0].actor2, "");
}

// "killing 60 Afghans and 13 US service members" counts 73; a later "had been wounded"
// gives the wounded.
TEST(Events, TwoCountsAfterTheVerbAdd) {
  auto ev = ExtractText(
      "A suicide bomber struck a crowd outside Kabul airport on Thursday, killing at least 60 "
      "Afghans and 13 US service members. A health official said more than 140 people had been "
      "wounded.");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].fatalities, 73);
  EXPECT_EQ(ev[0].injuries, 140);
}

// Who did it, said later: a group that claims the attack for itself ("its fighters carried
// out the attack") and officials who blame one give actor1; the body's toll outranks the
// title's; "two guards and a police officer" are three; "seven other people" were wounded
// in the same attack.
TEST(Events, ClaimsBlameAndTollsAcrossSentences) {
  auto claimed = ExtractText(
      "Gunmen attack Quetta bank; all killed\n\nFour gunmen attacked a bank in Quetta on "
      "Monday, killing two security guards and a police officer before they were stopped, "
      "police said.\n\nThe provincial police chief said the attackers never got inside. Seven "
      "other people were wounded.\n\nThe Baloch Liberation Army said on Twitter that its "
      "fighters carried out the attack.");
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].actor1, "BLA: Baloch Liberation Army");
  EXPECT_EQ(claimed[0].fatalities, 3);
  EXPECT_EQ(claimed[0].injuries, 7);

  auto blamed = ExtractText(
      "A car bomb exploded at a checkpoint in Mogadishu on Saturday, killing 20 people, a "
      "government spokesman said.\n\nRescuers worked through the night.\n\nNo group claimed "
      "the bombing, but officials blamed the al Shabaab militant group.");
  ASSERT_EQ(blamed.size(), 1u);
  EXPECT_EQ(blamed[0].actor1, "Al Shabaab");
}

// People taken and then killed are an attack with all of them dead; a village the gazetteer
// lacks, "near the town of" a known one, is the site.
TEST(Events, AbductedThenKilledAndVillagesNearTowns) {
  auto miners = ExtractText(
      "Gunmen abducted 11 coal miners near Mach in Balochistan before dawn on Sunday, tied "
      "their hands and shot them dead, officials said.",
      "2021-01-04");
  ASSERT_EQ(miners.size(), 1u);
  EXPECT_EQ(miners[0].sub_event_type, "Attack");
  EXPECT_EQ(miners[0].fatalities, 11);

  auto village = ExtractText(
      "Gunmen killed at least 30 people in a raid on the village of Tadaryat, near the town of "
      "Ménaka in Mali, on Sunday.",
      "2021-01-04");
  ASSERT_EQ(village.size(), 1u);
  EXPECT_EQ(village[0].location, "Tadaryat");
  EXPECT_EQ(village[0].country, "Mali");
}

// A verb that needs its agent finds it across the place the agent was in, and across a first
// verb of the same subject.
TEST(Events, AgentsAcrossPlacesAndCoordinatedVerbs) {
  auto place =
      ExtractText("On Tuesday, Iraqi forces in Ghaydah in Kirkuk province killed 3 IS militants.");
  ASSERT_EQ(place.size(), 1u);
  EXPECT_EQ(place[0].actor1, "Military Forces of Iraq");
  EXPECT_EQ(place[0].fatalities, 3);

  auto coordinated = ExtractText(
      "On Tuesday, unknown gunmen entered the village of Boungou in Gourma province, Burkina "
      "Faso, and killed two people.");
  ASSERT_EQ(coordinated.size(), 1u);
  EXPECT_EQ(coordinated[0].fatalities, 2);
}

// "central Beirut" is the city, not a province found by spelling elsewhere (Berat, Albania).
TEST(Events, DirectionWordsDoNotMakeForeignProvinces) {
  auto ev = ExtractText(
      "On Monday, rioters gathered at Martyrs Square in central Beirut and clashed with police "
      "forces.");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].country, "Lebanon");
  EXPECT_EQ(ev[0].location, "Beirut");
}

// Arrests in an operation in which militants were killed are a clash.
TEST(Events, ArrestsWithDeathsAreViolence) {
  auto ev = ExtractText(
      "On Tuesday, 7 Taliban militants were killed, 2 were wounded and 3 were arrested during a "
      "police special forces operation in Ghazni province, Afghanistan.");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].event_type, "Battles");
  EXPECT_EQ(ev[0].fatalities, 7);
}

}  // namespace
}  // namespace sitrep
