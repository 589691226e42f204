// Each event pass on its own, on documents built from short texts written for these tests:
// the pass runs after the passes it needs, and its part of the draft is checked.
#include <gtest/gtest.h>

#include <fstream>

#include "events/draft.h"
#include "events/notes.h"
#include "mentions/taxonomy.h"
#include "pipeline/resources_impl.h"
#include "places/places.h"
#include "segment/segment.h"
#include "test_resources.h"

namespace sitrep::events {
namespace {

const detail::ResourcesImpl& Res() { return testing_support::TestResources().impl(); }

// A document of `text` with every mention found, and the context the passes read.
struct Doc {
  explicit Doc(std::string t, std::string published = "2021-03-10") : text(std::move(t)) {
    doc.text = text;
    doc.sentences = segment::SplitSentences(doc.text);
    mentions::MentionResources mres{&Res().knowledge, &Res().date_words, &Res().number_words,
                                    Res().gazetteer.get()};
    auto pub = dates::ParseIsoDate(published);
    mentions::FindMentions(mres, pub, &doc);
    places::FindPlaces(mres, &doc);
    ctx.knowledge = &Res().knowledge;
    ctx.notes = &Res().notes;
    ctx.gazetteer = Res().gazetteer.get();
    ctx.article_id = "t";
    ctx.published = pub;
  }
  std::string text;
  mentions::Document doc;
  EventContext ctx;
};

std::string AgencyOf(const Draft& d, int source) {
  return source < 0 ? "publisher" : d.k.agencies[source].name;
}

TEST(SourcesPass, AgencyCitedThenContinued) {
  Doc t(
      "SANA reported that a bomb exploded in Daraa. The agency added that two died. "
      "Residents fled the town.");
  Draft d(t.doc, t.ctx);
  AssignSources(&d);
  ASSERT_EQ(d.sentence_source.size(), 3u);
  EXPECT_EQ(AgencyOf(d, d.sentence_source[0]), "SANA");
  EXPECT_EQ(AgencyOf(d, d.sentence_source[1]), "SANA");
  EXPECT_EQ(AgencyOf(d, d.sentence_source[2]), "publisher");
}

TEST(GroupsPass, CoordinatedIndefiniteTriggerStartsAGroupButAnInstrumentDoesNot) {
  Doc two("A car bomb exploded in the market and an air strike hit the hospital on Monday.");
  Draft d2(two.doc, two.ctx);
  AssignSources(&d2);
  BuildGroups(&d2);
  ASSERT_EQ(d2.groups.size(), 2u);
  EXPECT_EQ(d2.groups[0].clause_e, d2.groups[1].clause_b);

  Doc one("A man blew himself up using an explosive vest near the checkpoint on Monday.");
  Draft d1(one.doc, one.ctx);
  AssignSources(&d1);
  BuildGroups(&d1);
  ASSERT_EQ(d1.groups.size(), 1u);
  EXPECT_GE(d1.groups[0].triggers.size(), 1u);
}

TEST(ArgumentsPass, AgentPatientDateAndPlace) {
  Doc t("Islamic State militants ambushed Syrian army soldiers near Palmyra on Monday.");
  Draft d(t.doc, t.ctx);
  AssignSources(&d);
  IndexProvinces(&d);
  BuildGroups(&d);
  FillArguments(&d);
  ASSERT_EQ(d.groups.size(), 1u);
  const Group& g = d.groups[0];
  ASSERT_TRUE(g.actor1);
  EXPECT_EQ(g.actor1->name, "Islamic State");
  ASSERT_TRUE(g.actor2);
  EXPECT_EQ(g.actor2->name, "Military Forces of Syria");
  ASSERT_GE(g.date, 0);
  EXPECT_EQ(dates::ToIso(*t.doc.dates[g.date].d.date), "2021-03-08");
  ASSERT_GE(g.place, 0);
  EXPECT_EQ(t.doc.places[g.place].written, "Palmyra");
}

TEST(ArgumentsPass, TheAgentAfterByActs) {
  Doc t("Two soldiers were ambushed by Islamic State militants in Deir ez-Zor on Monday.");
  Draft d(t.doc, t.ctx);
  AssignSources(&d);
  BuildGroups(&d);
  FillArguments(&d);
  ASSERT_EQ(d.groups.size(), 1u);
  ASSERT_TRUE(d.groups[0].actor1);
  EXPECT_EQ(d.groups[0].actor1->name, "Islamic State");
}

int KilledIn(const std::string& text) {
  Doc t(text);
  Draft d(t.doc, t.ctx);
  AssignSources(&d);
  BuildGroups(&d);
  FillArguments(&d);
  if (d.groups.empty() || !d.groups[0].figures.killed.value) return -1;
  return *d.groups[0].figures.killed.value;
}

TEST(CasualtiesPass, CountsBeforeAndAfterTheCasualtyWord) {
  EXPECT_EQ(KilledIn("An air strike hit the village on Monday, killing eight farmers."), 8);
  EXPECT_EQ(KilledIn("Two civilians and three soldiers were killed in shelling on Monday."), 5);
  EXPECT_EQ(KilledIn("A judge was killed when a bomb exploded on Monday."), 1);
  EXPECT_EQ(KilledIn("A bomb exploded on Monday, killing a young shepherd."), 1);
  EXPECT_EQ(KilledIn("Shelling on Monday left the death toll at 12."), 12);
}

TEST(MergePass, AnAnaphorJoinsAndAnotherPlaceDoesNot) {
  Doc same(
      "A roadside bomb killed two soldiers in Izraa on Monday. The explosion also "
      "wounded a child.");
  Draft d(same.doc, same.ctx);
  AssignSources(&d);
  IndexProvinces(&d);
  BuildGroups(&d);
  FillArguments(&d);
  MergeIntoIncidents(&d);
  EXPECT_EQ(d.incidents.size(), 1u);

  Doc other(
      "A roadside bomb killed two soldiers in Izraa on Monday. On Tuesday, a car bomb "
      "killed three people in Raqqa.");
  Draft o(other.doc, other.ctx);
  AssignSources(&o);
  IndexProvinces(&o);
  BuildGroups(&o);
  FillArguments(&o);
  MergeIntoIncidents(&o);
  EXPECT_EQ(o.incidents.size(), 2u);
}

Classification ClassifyFirst(const std::string& text) {
  static std::vector<std::unique_ptr<Doc>> keep;  // the draft refers to the document
  keep.push_back(std::make_unique<Doc>(text));
  Doc& t = *keep.back();
  Draft d(t.doc, t.ctx);
  AssignSources(&d);
  IndexProvinces(&d);
  BuildGroups(&d);
  FillArguments(&d);
  MergeIntoIncidents(&d);
  EXPECT_FALSE(d.incidents.empty());
  if (d.incidents.empty()) return {};
  return Classify(&d, d.incidents[0]);
}

TEST(ClassifyPass, TheTargetDecidesAGenericAttack) {
  auto civilians = ClassifyFirst("Gunmen attacked a bus carrying villagers near Kaduna on Monday.");
  EXPECT_EQ(civilians.sub, SubEventType::kAttack);
  EXPECT_EQ(civilians.type, EventType::kViolenceAgainstCivilians);

  auto soldiers = ClassifyFirst("Militants attacked a police patrol near Kaduna on Monday.");
  EXPECT_EQ(soldiers.type, EventType::kBattles);
  EXPECT_EQ(soldiers.sub, SubEventType::kArmedClash);
}

TEST(ClassifyPass, WhoTookControlTypesTheTerritory) {
  auto regained = ClassifyFirst("The Syrian army recaptured the town of Saraqib on Monday.");
  EXPECT_EQ(regained.sub, SubEventType::kGovernmentRegainsTerritory);
  auto overtaken = ClassifyFirst("Houthi fighters captured the town of Hazm on Monday.");
  EXPECT_EQ(overtaken.sub, SubEventType::kNonStateActorOvertakesTerritory);
}

TEST(PlacePass, AVillageTheGazetteerLacksTakesItsProvince) {
  Doc t("Gunmen killed a shepherd in Kharbet Zawiya village, rural Daraa, on Monday.");
  Draft d(t.doc, t.ctx);
  AssignSources(&d);
  IndexProvinces(&d);
  BuildGroups(&d);
  FillArguments(&d);
  MergeIntoIncidents(&d);
  ASSERT_EQ(d.incidents.size(), 1u);
  Event ev;
  PlaceEvent(&d, d.incidents[0], &ev);
  EXPECT_EQ(ev.location, "Kharbet Zawiya");
  EXPECT_EQ(ev.admin1, "Daraa");
  EXPECT_EQ(ev.geo_precision, 2);
}

TEST(NotesStyle, SlotsAndOptionalParts) {
  auto fill = [](std::string_view tmpl, std::string actor2) {
    return NotesStyle::Render(tmpl, [&](std::string_view name) -> std::string {
      if (name == "who") return "Rebels";
      if (name == "actor2") return actor2;
      return {};
    });
  };
  EXPECT_EQ(fill("{who} attacked[ {actor2}].", "the army"), "Rebels attacked the army.");
  EXPECT_EQ(fill("{who} attacked[ {actor2}].", ""), "Rebels attacked.");
  EXPECT_EQ(fill("{who}[ in {nowhere}] left.", "x"), "Rebels left.");
}

TEST(NotesStyle, LoadNamesTheMissingTemplate) {
  std::string path = testing::TempDir() + "/notes_missing.tsv";
  std::ofstream(path) << "sentence\tOn {date}.\n";
  auto style = NotesStyle::Load(path);
  ASSERT_FALSE(style.ok());
  EXPECT_NE(style.status().message().find("notes_missing.tsv"), std::string::npos);
}

TEST(Taxonomy, AnUnknownSubTypeInTheTableIsAnErrorAtItsLine) {
  std::string path = testing::TempDir() + "/taxonomy_bad.tsv";
  std::ofstream(path) << "# header\narmed_clash\tPolitical violence\tBattles\tArmed clash\n"
                      << "armed_clahs\tPolitical violence\tBattles\tArmed clahs\n";
  auto t = mentions::Taxonomy::Load(path);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("taxonomy_bad.tsv:3"), std::string::npos)
      << t.status().message();
}

TEST(Taxonomy, ATriggerOfAnUnknownSubTypeIsAnError) {
  const auto& tax = Res().knowledge.taxonomy;
  EXPECT_FALSE(tax.ParseSubEventType("Battles", "Armed clahs").ok());
  EXPECT_FALSE(tax.ParseSubEventType("Riots", "Armed clash").ok());  // wrong parent
  auto ok = tax.ParseSubEventType("Battles", "Armed clash");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, SubEventType::kArmedClash);
}

TEST(WordClasses, AnUnknownClassIsAnErrorAtItsLine) {
  std::string path = testing::TempDir() + "/word_classes_bad.tsv";
  std::ofstream(path) << "# header\nby\ten\tby\nno_such_class\ten\tword\n";
  text::Vocabulary vocabulary;
  auto w = text::WordClasses::Load(path, &vocabulary);
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("word_classes_bad.tsv:3"), std::string::npos)
      << w.status().message();
  EXPECT_NE(w.status().message().find("no_such_class"), std::string::npos);
}

TEST(WordClasses, WordsAndPhrasesOfAClass) {
  std::string path = testing::TempDir() + "/word_classes_ok.tsv";
  std::ofstream(path) << "facility\ten\toil field|airport\nfacility\tfr\taéroport\n";
  text::Vocabulary vocabulary;
  auto w = text::WordClasses::Load(path, &vocabulary);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  std::vector<uint32_t> ids = {vocabulary.Find("oil"), vocabulary.Find("field"),
                               vocabulary.Find("airport"), vocabulary.Find("aéroport"),
                               vocabulary.Find("field")};
  EXPECT_EQ(w->PhraseEnd(Word::kFacility, ids, 0), 2u);
  EXPECT_EQ(w->PhraseEnd(Word::kFacility, ids, 2), 3u);
  EXPECT_EQ(w->PhraseEnd(Word::kFacility, ids, 3), 4u);  // a word of another language
  EXPECT_EQ(w->PhraseEnd(Word::kFacility, ids, 4), 0u);  // "field" alone is no facility
}

// The Arabic place-name stop words are compared as written (places stage): they take no
// vocabulary id, which would change the stem other Arabic tokens resolve to.
TEST(WordClasses, AClassComparedAsWrittenTakesNoIds) {
  std::string path = testing::TempDir() + "/word_classes_written.tsv";
  std::ofstream(path) << "arabic_name_stop\tar\tمدينة|محيط\nby\ten\tby\n";
  text::Vocabulary vocabulary;
  const size_t before = vocabulary.size();
  auto w = text::WordClasses::Load(path, &vocabulary);
  ASSERT_TRUE(w.ok()) << w.status().ToString();
  EXPECT_EQ(vocabulary.size(), before + 1);  // "by" only
  EXPECT_EQ(vocabulary.Find(text::MatchForm("مدينة")), 0u);
  ASSERT_EQ(w->Entries(Word::kArabicNameStop).size(), 2u);
  EXPECT_EQ(w->Entries(Word::kArabicNameStop)[1], "محيط");
}

}  // namespace
}  // namespace sitrep::events
