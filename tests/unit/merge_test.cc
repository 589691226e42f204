// The merge rule on events written by hand (docs/merge.md).
#include "sitrep/merge.h"

#include <gtest/gtest.h>

namespace sitrep {
namespace {

Event Report(const std::string& id, const std::string& article, const std::string& date) {
  Event e;
  e.event_id = id;
  e.article_ids = {article};
  e.event_date = date;
  e.date_precision = "day";
  e.event_type = "Explosions/Remote violence";
  e.sub_event_type = "Remote explosive/landmine/IED";
  e.country = "Syria";
  e.admin1 = "Daraa";
  e.location = "Nawa";
  e.latitude = 32.8833;
  e.longitude = 36.05;
  e.geo_precision = 1;
  e.published = date;
  e.sources = {"Outlet " + article};
  return e;
}

TEST(Merge, SameAttackTwoOutletsIsOneEvent) {
  Event a = Report("a1", "A", "2021-05-01");
  Event b = Report("b1", "B", "2021-05-01");
  b.location = "Nawa town";
  EXPECT_TRUE(CompareReports(a, b).same) << CompareReports(a, b).reason;
  auto r = MergeReports({b, a});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].article_ids, (std::vector<std::string>{"A", "B"}));
}

}  // namespace
}  // namespace sitrep
