// On-disk layout of the gazetteer index (gazetteer.idx). Little-endian, fixed-size
// records, read in place page by page (paged_file.h): opening costs a header check, not a parse.
//
//   Header | PlaceRec[place_count] | KeySlot[slot_count] | uint32 postings[] |
//   CountryRec[country_count] | CountryKey[country_key_count] |
//   uint32 major_villages[major_village_count] | char strings[]
//
// Keys are 64-bit FNV-1a hashes of the folded names (loose and skeleton keys use
// different seeds). KeySlot is an open-addressing table (linear probing, power-of-two
// size, load <= 0.5 so that misses, the common case, stop fast): the low hash bits pick
// the home slot, the high 32 bits are the stored tag (0 = empty slot). Each slot points
// at a run in `postings`: a count, then that many postings, ascending. A posting packs
// the entry's country (CountryRec index, kNoCountry when unknown or >= 255) in the top
// 8 bits and the place index in the low 24, so that lookups can reject a spelling
// variant in another country without reading its PlaceRec.
//
// CountryKey is a second, small open-addressing table (same hashing and probing as KeySlot)
// of the loose keys that name a country: FindCountry's answer for each, so that the
// common question "is this word a country?" (mostly "no") is answered from a table of a
// few KiB that stays in cache, not from the big key table and its postings.
// major_villages lists, ascending, the few villages that score::IsMajorOrDistrict holds
// major (a PPLA or 100k people in the village layer), so that a lookup tells whether an exact hit
// is a major place from its posting alone when the posting is a village's: the exact
// namesakes a common name has in villages abroad are then never read.
#pragma once

#include <cstdint>

namespace sitrep::geo::format {

inline constexpr char kMagic[8] = {'S', 'I', 'T', 'R', 'G', 'A', 'Z', '1'};
// Bump when the layout or the folding rules change: old indexes are then "stale".
inline constexpr uint32_t kVersion =
    14;  // 14: admin names also without "Agency", "Zone", "Territory", ...
inline constexpr uint32_t kNone = 0xFFFFFFFFu;
inline constexpr uint32_t kPlaceBits = 24;
// Bit 23 of a posting marks a village (PlaceRec kFlagVillage), so that a lookup can set
// aside the villages of other countries without reading their records.
inline constexpr uint32_t kPostingVillage = 1u << 23;
inline constexpr uint32_t kPlaceMask = kPostingVillage - 1;
inline constexpr uint32_t kMaxPlaces = kPostingVillage;
inline constexpr uint32_t kNoCountry = 0xFF;
inline constexpr uint64_t kLooseSeed = 1469598103934665603ULL;
inline constexpr uint64_t kSkeletonSeed = 0x9E3779B97F4A7C15ULL;
// KeySlot::run: the offset of the run in its low 30 bits, and two flags of the loose key
// (so that one probe answers both "which places" and "may this be a place at all"):
// a stopnames.tsv entry matches nothing ("Syrian", "July"); a lower-case English word (the
// system word list) is never a village ("Command", "Monitor"). A flagged key that names no
// entry points at the empty run 0.
inline constexpr uint32_t kSlotStop = 1u << 31;
inline constexpr uint32_t kSlotWord = 1u << 30;
inline constexpr uint32_t kRunMask = kSlotWord - 1;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t place_count;
  uint64_t slot_count;  // power of two
  uint64_t posting_count;
  uint32_t country_count;
  uint32_t country_key_count;  // power of two
  uint64_t places_off, slots_off, postings_off, countries_off, strings_off, strings_size;
  uint64_t acled_off, acled_size;  // "CC\tadmin1\tacled\n" lines inside strings
  uint64_t file_size;
  uint64_t country_keys_off;
  uint64_t major_villages_off;
  uint32_t major_village_count;
  uint32_t reserved;
};

// In `strings`, a PlaceRec's name is followed by its shape and its skeleton (PlaceShape's
// two results), each a length byte and that many bytes; a length of 255 means "not stored".
struct PlaceRec {
  int64_t id;
  int32_t lat_e6, lon_e6;
  uint32_t name_off;
  uint32_t population;
  uint32_t admin1, admin2, admin3;  // indices of the enclosing admin entries, or kNone
  uint16_t country;                 // index into CountryRec, 0xFFFF when unknown
  uint8_t level;                    // Level
  uint8_t name_len;
  char feature_code[6];  // GeoNames feature code (at most 5 letters), NUL-padded
  char feature_class;    // GeoNames feature class ('P', 'A', ...)
  uint8_t flags;         // kFlag*
};
static_assert(sizeof(PlaceRec) == 48);

// PlaceRec::flags.
// Known from the village layer only (no GeoNames towns dump has it: a village or hamlet of
// unknown size): it needs the article's context to win (docs/gazetteer.md, "Ranking").
inline constexpr uint8_t kFlagVillage = 1;
// Abandoned, destroyed or historical (PPLQ, PPLW, PPLH, or WOF's mz:is_current = 0).
inline constexpr uint8_t kFlagNotCurrent = 2;

struct KeySlot {
  uint32_t tag;
  uint32_t run;  // offset of the run (count, indices...) in postings, and kSlot* flags
};
static_assert(sizeof(KeySlot) == 8);

inline uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32) | 1u; }

struct CountryRec {
  char iso2[2];
  char iso3[3];
  uint8_t name_len;
  uint16_t iso_numeric;
  uint8_t region_len;
  uint8_t pad[3];
  uint32_t name_off, region_off;
  uint32_t place;  // the country's own entry
};
static_assert(sizeof(CountryRec) == 24);

// The country a loose key names: what FindCountry answers for it (the first posting of the
// key that is a country's own entry). Keys flagged kSlotStop are not here.
struct CountryKey {
  uint32_t tag;    // TagOf(hash); 0 = empty slot
  uint32_t place;  // the country's own entry
};
static_assert(sizeof(CountryKey) == 8);

}  // namespace sitrep::geo::format
