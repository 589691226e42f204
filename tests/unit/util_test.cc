#include <gtest/gtest.h>

#include <string>

#include "util/text.h"
#include "util/utf8.h"

namespace sitrep {
namespace {

TEST(Utf8, AcceptsValidAndRejectsBroken) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text"));
  EXPECT_TRUE(IsValidUtf8("Daraa \xd8\xaf\xd8\xb1\xd8\xb9\xd8\xa7 \xe2\x80\x99"));
  size_t bad = 0;
  EXPECT_FALSE(IsValidUtf8("abcdefghij\xff", &bad));
  EXPECT_EQ(bad, 10u);
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("truncated \xe2\x80"));
}

TEST(Utf8, DecodesEncodesAndReplacesBrokenBytes) {
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8("a", 0, &cp), 1);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(DecodeUtf8("x\xd8\xaf", 1, &cp), 2);  // Arabic dal
  EXPECT_EQ(cp, U'\u062F');
  EXPECT_EQ(DecodeUtf8("\xe2\x80\x99", 0, &cp), 3);
  EXPECT_EQ(cp, U'\u2019');
  EXPECT_EQ(DecodeUtf8("\xf0\x9f\x98\x80", 0, &cp), 4);
  EXPECT_EQ(cp, U'\U0001F600');
  for (const char* bad :
       {"\x80", "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x80", "\xd8 ", "\xf4\x90\x80\x80"})
    EXPECT_EQ(DecodeUtf8(bad, 0, &cp), 0) << bad;

  // A reader never stalls: each broken byte is one U+FFFD, valid text around it is kept.
  const std::string_view s = "a\xff\xd8\xaf\xe2\x80";
  std::u32string read;
  for (size_t i = 0; i < s.size();) read.push_back(NextCodePoint(s, &i));
  EXPECT_EQ(read, U"a\uFFFD\u062F\uFFFD\uFFFD");

  std::string out;
  for (char32_t c : {U'a', U'\u00E9', U'\u062F', U'\u2019', U'\U0001F600'}) AppendUtf8(c, &out);
  EXPECT_EQ(out, "a\xc3\xa9\xd8\xaf\xe2\x80\x99\xf0\x9f\x98\x80");
  for (size_t i = 0; i < out.size();) EXPECT_NE(NextCodePoint(out, &i), U'\uFFFD');
  out.clear();
  AppendUtf8(0xD800, &out);  // a surrogate is no character
  EXPECT_EQ(out, "\xef\xbf\xbd");
}

TEST(CodePoints, IndexMatchesLinearCount) {
  std::string s;
  for (int i = 0; i < 300; ++i) s += (i % 3 ? "a" : "\xe2\x80\x99");
  CodePointIndex idx(s);
  for (size_t b = 0; b <= s.size(); ++b) {
    if (b < s.size() && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) continue;
    EXPECT_EQ(idx.ToCodePoint(b), CodePointOffset(s, b)) << b;
  }
}

TEST(CodePoints, IndexMatchesLinearCountOnEveryLength) {
  const std::string pieces[] = {
      "a", " ", "\xc3\xa9", "\xd8\xaf", "\xe2\x80\x99", "\xf0\x9f\x98\x80"};
  uint32_t state = 7;
  for (size_t length : {0, 1, 63, 64, 65, 127, 128, 129, 200, 256, 1000}) {
    std::string s;
    while (s.size() < length) {
      state = state * 1103515245 + 12345;
      s += pieces[(state >> 16) % 6];
    }
    CodePointIndex idx(s);
    for (size_t b = 0; b <= s.size(); ++b)
      EXPECT_EQ(idx.ToCodePoint(b), CodePointOffset(s, b)) << b;
  }
}

TEST(Hash, StableHex) {
  EXPECT_EQ(Hex64(Fnv1a64("")), "cbf29ce484222325");
  EXPECT_NE(Fnv1a64("a"), Fnv1a64("b"));
}

TEST(AsciiLower, InPlaceMatchesByteByByteOnEveryByteAndLength) {
  // Every byte value, at every offset and length: only 'A'..'Z' change (UTF-8 bytes >= 0x80
  // and the neighbours '@', '[', '`', '{' stay as they are).
  std::string all;
  for (int round = 0; round < 3; ++round)
    for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b ^ (round * 37)));
  for (size_t begin = 0; begin < 9; ++begin) {
    for (size_t size :
         {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{9}, size_t{64}, all.size() - begin}) {
      std::string got = all, want = all;
      AsciiLowerInPlace(got.data() + begin, size);
      for (size_t i = begin; i < begin + size; ++i) want[i] = AsciiLower(want[i]);
      EXPECT_EQ(got, want) << begin << " " << size;
    }
  }
  EXPECT_EQ(AsciiLowerCopy("Über DAMASCUS, al-Bab [Z@]"), "Über damascus, al-bab [z@]");
}

}  // namespace
}  // namespace sitrep
