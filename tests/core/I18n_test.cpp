// Messages in the reader's language: the choice from --lang and the environment, the catalog beside the
// binaries (built from po/zh_CN.po), switching at run time, and printf formats with positional arguments.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "geo/core/I18n.hpp"
#include "geo/core/Status.hpp"

namespace {

using gp::i18n::Lang;

// Sets the locale variables for one test and restores them after.
struct Env {
  const char* names[4] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
  std::string saved[4];
  bool had[4] = {};
  Env() {
    for (int i = 0; i < 4; ++i) {
      const char* v = std::getenv(names[i]);
      had[i] = v != nullptr;
      if (v) saved[i] = v;
      unsetenv(names[i]);
    }
  }
  ~Env() {
    for (int i = 0; i < 4; ++i) {
      if (had[i])
        setenv(names[i], saved[i].c_str(), 1);
      else
        unsetenv(names[i]);
    }
    gp::i18n::setLanguage(Lang::En);
  }
};

TEST(I18n, ChoiceFromArgumentThenEnvironment) {
  Env env;
  EXPECT_EQ(gp::i18n::choose(""), Lang::En);
  setenv("LANG", "zh_CN.UTF-8", 1);
  EXPECT_EQ(gp::i18n::choose(""), Lang::Zh);
  setenv("LC_MESSAGES", "en_US.UTF-8", 1);  // LC_MESSAGES comes before LANG
  EXPECT_EQ(gp::i18n::choose(""), Lang::En);
  setenv("LANGUAGE", "zh_CN:en", 1);  // LANGUAGE before all
  EXPECT_EQ(gp::i18n::choose(""), Lang::Zh);
  EXPECT_EQ(gp::i18n::choose("en"), Lang::En);  // --lang overrides the environment
  EXPECT_EQ(gp::i18n::choose("zh"), Lang::Zh);
  EXPECT_EQ(gp::i18n::choose("zh_CN"), Lang::Zh);
  EXPECT_THROW(gp::i18n::choose("fr"), std::invalid_argument);
}

TEST(I18n, ChineseFromTheCatalogAndBackToEnglishAtRunTime) {
  Env env;
  ASSERT_FALSE(gp::i18n::catalogDir().empty()) << "no locale/zh_CN/LC_MESSAGES/gridplan.mo beside the test binary";
  gp::i18n::setLanguage(Lang::Zh);
  EXPECT_EQ(gp::i18n::language(), Lang::Zh);
  EXPECT_STREQ(gp::statusLabel(gp::Status::Exception), "例外");
  EXPECT_EQ(gp::fmt(gp::trn("%d household", "%d households", 3), 3), "3 户");
  // The translation reorders its arguments ("%2$d of %1$d" reads "%2$d 个中有 %1$d 个").
  EXPECT_EQ(gp::fmt(gp::tr("entrances split by floors: %1$d of %2$d"), 5, 9), "按楼层拆分的单元（楼道）：9 个中有 5 个");
  gp::i18n::setLanguage(Lang::En);
  EXPECT_STREQ(gp::statusLabel(gp::Status::Exception), "exception");
  EXPECT_EQ(gp::fmt(gp::trn("%d household", "%d households", 1), 1), "1 household");
  EXPECT_EQ(gp::fmt(gp::trn("%d household", "%d households", 3), 3), "3 households");
  // toString stays the stable key other tools read, whatever the language.
  gp::i18n::setLanguage(Lang::Zh);
  EXPECT_STREQ(gp::toString(gp::Status::Exception), "exception");
}

TEST(I18n, FormatHandlesLongAndEmptyResults) {
  std::string big(5000, 'x');
  EXPECT_EQ(gp::fmt("%s!", big.c_str()).size(), 5001u);
  EXPECT_EQ(gp::fmt("%s", ""), "");
  EXPECT_EQ(gp::fmt("%2$s-%1$s", "a", "b"), "b-a");
}

}  // namespace
