#include "geo/synth/Names.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace gp::synth;

namespace {
bool endsWith(const std::string& s, const std::string& t) {
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}
}  // namespace

TEST(Names, CommunityNamesAreUniqueEvenForHugeTowns) {
  Rng rng(1);
  Namer namer(rng);
  std::set<std::string> names;
  for (int i = 0; i < 3000; ++i) {
    const std::string n = namer.community();
    EXPECT_TRUE(endsWith(n, "社区")) << n;
    EXPECT_TRUE(names.insert(n).second) << "repeated: " << n;
  }
}

TEST(Names, CompoundNamesFollowTheirStyleAndNeverRepeat) {
  Rng rng(2);
  Namer namer(rng);
  std::set<std::string> names;
  for (int i = 0; i < 2000; ++i) EXPECT_TRUE(names.insert(namer.compound(i % 2 ? "walkup" : "tower")).second);
  const std::string villa = namer.compound("villa");
  EXPECT_TRUE(endsWith(villa, "山庄") || endsWith(villa, "别墅") || endsWith(villa, "庄园") || endsWith(villa, "墅院") ||
              villa.find("期") != std::string::npos || villa.find("区") != std::string::npos)
      << villa;
}

TEST(Names, PrivateFieldsArePlainlySynthetic) {
  Rng rng(3);
  for (int i = 0; i < 200; ++i) {
    const std::string phone = fakePhone(rng);
    ASSERT_EQ(phone.size(), 11u);
    EXPECT_EQ(phone.substr(0, 3), "100");  // no Chinese number starts so
    const std::string id = fakeIdNumber(rng);
    ASSERT_EQ(id.size(), 18u);
    EXPECT_EQ(id.substr(0, 6), "999999");  // no such region
    // The GB 11643 check character is right, so validators treat it as well-formed.
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int k = 0; k < 17; ++k) sum += (id[k] - '0') * w[k];
    EXPECT_EQ(id[17], "10X98765432"[sum % 11]) << id;
    EXPECT_GE(personName(rng).size(), 6u);  // two or three CJK characters
  }
}
