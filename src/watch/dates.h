// Publication dates as feeds write them, to the store's "YYYY-MM-DD".
#pragma once

#include <string>
#include <string_view>

namespace sitrep {

// "2019-07-03T10:00:00Z" (ISO 8601: Atom, dc:date, Telegram) or "Wed, 03 Jul 2019 10:00:00
// +0000" (RFC 822: RSS 2.0's pubDate; two-digit years are 19xx/20xx) -> "2019-07-03": the
// date as the outlet wrote it, in its own time zone. "" when `s` is neither or no real day.
std::string FeedDate(std::string_view s);

}  // namespace sitrep
