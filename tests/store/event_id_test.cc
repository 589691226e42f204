// Event ids are the store's key: two events of one article must never share one, and the
// same article must give the same ids on every run. Sentences written for these tests.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "sitrep/sitrep.h"
#include "test_resources.h"

namespace sitrep {
namespace {

const Resources& Res() { return testing_support::TestResources(); }

std::vector<Event> ExtractText(const std::string& id, const std::string& text) {
  Article a;
  a.id = id;
  a.text = text;
  a.published = "2021-03-04";
  auto events = Extract(a, Res());
  EXPECT_TRUE(events.ok()) << events.status().ToString();
  return events.ok() ? *events : std::vector<Event>{};
}

// One trigger, two places, two tolls: the extractor splits it into one event per place,
// and each must keep its own id.
TEST(EventId, OneTriggerAtTwoPlacesGivesTwoIds) {
  for (const char* text :
       {"Air strikes on Tuesday killed nine civilians in Saraqib and two in Ariha, in Idlib "
        "province, rescuers said.",
        "Shelling killed five civilians in Saraqib and three in Ariha in Idlib province on "
        "Tuesday, local rescuers said."}) {
    std::vector<Event> events = ExtractText("split-1", text);
    ASSERT_EQ(events.size(), 2u) << text;
    EXPECT_NE(events[0].location, events[1].location);
    EXPECT_NE(events[0].event_id, events[1].event_id) << text;
  }
}

TEST(EventId, StableAcrossRunsAndDistinctAcrossArticles) {
  const std::string text =
      "Gunmen shot dead two police officers at a checkpoint in Mosul on Monday, the interior "
      "ministry said. Separately, a roadside bomb wounded three soldiers near Tikrit on Monday.";
  std::vector<Event> first = ExtractText("stable-1", text);
  std::vector<Event> again = ExtractText("stable-1", text);
  std::vector<Event> other = ExtractText("stable-2", text);
  ASSERT_GE(first.size(), 2u);
  ASSERT_EQ(first.size(), again.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].event_id, again[i].event_id);
    ids.insert(first[i].event_id);
  }
  EXPECT_EQ(ids.size(), first.size());
  for (const Event& e : other) EXPECT_EQ(ids.count(e.event_id), 0u) << e.event_id;
}

}  // namespace
}  // namespace sitrep
