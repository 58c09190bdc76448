#include "geo/print/TextEncoding.hpp"

#include <gtest/gtest.h>

#include "geo/core/Error.hpp"

using namespace gp::print;

TEST(TextEncoding, Utf8PassesGbkConvertsBomIsDropped) {
  std::string enc;
  EXPECT_EQ(toUtf8("网格员,张伟", "t", &enc), "网格员,张伟");
  EXPECT_EQ(enc, "UTF-8");
  EXPECT_EQ(toUtf8("\xEF\xBB\xBF网格", "t", &enc), "网格");
  EXPECT_EQ(enc, "UTF-8");
  // 网格员 in GBK.
  EXPECT_EQ(toUtf8("\xCD\xF8\xB8\xF1\xD4\xB1", "t", &enc), "网格员");
  EXPECT_EQ(enc, "GBK");
  EXPECT_TRUE(isValidUtf8("abc 网格"));
  EXPECT_FALSE(isValidUtf8("\xCD\xF8\xB8\xF1"));
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));  // overlong '/'
}

TEST(TextEncoding, NeitherUtf8NorGbkIsAnInputError) {
  EXPECT_THROW(toUtf8(std::string("\x81\x20\xFF\xFF", 4), "roster x.csv"), gp::InputError);
}

TEST(TextEncoding, Utf16WithBomAsExcelSavesUnicodeText) {
  std::string enc;
  // "网格\tA" in UTF-16 LE and BE, each with its byte-order mark.
  EXPECT_EQ(toUtf8(std::string("\xFF\xFE\x51\x7F\x3C\x68\x09\x00\x41\x00", 10), "t", &enc), "网格\tA");
  EXPECT_EQ(enc, "UTF-16LE");
  EXPECT_EQ(toUtf8(std::string("\xFE\xFF\x7F\x51\x68\x3C\x00\x09\x00\x41", 10), "t", &enc), "网格\tA");
  EXPECT_EQ(enc, "UTF-16BE");
  // A lone high surrogate is not UTF-16.
  EXPECT_THROW(toUtf8(std::string("\xFF\xFE\x00\xD8\x41\x00", 6), "roster u.txt"), gp::InputError);
}
