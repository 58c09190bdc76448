// CLI11's errors in the reader's language (app/CliLanguage): chosen by CLI11's exception type, so a CLI11 that
// words an error differently from 2.1 still gives a Chinese sentence, with its own English quoted as data.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "app/CliLanguage.hpp"
#include "geo/core/I18n.hpp"

namespace {

using gp::app::cliErrorText;
using gp::i18n::Lang;

struct InLanguage {
  explicit InLanguage(Lang l) { gp::i18n::setLanguage(l); }
  ~InLanguage() { gp::i18n::setLanguage(Lang::En); }
};

// What is left of `s` outside “…”: the sentence gridplan wrote, not CLI11's quoted words.
std::string outsideQuotes(std::string s) {
  for (size_t at; (at = s.find("“")) != std::string::npos;) {
    size_t end = s.find("”", at);
    s.erase(at, end == std::string::npos ? std::string::npos : end + std::string("”").size() - at);
  }
  return s;
}

bool hasLatinWord(const std::string& s) {
  for (size_t i = 0; i + 1 < s.size(); ++i)
    if (std::isalpha(static_cast<unsigned char>(s[i])) && std::isalpha(static_cast<unsigned char>(s[i + 1])))
      return true;
  return false;
}

TEST(CliLanguage, CLI11sOwnWordingReadsChinese) {
  ASSERT_FALSE(gp::i18n::catalogDir().empty());
  InLanguage zh(Lang::Zh);
  EXPECT_EQ(cliErrorText(CLI::ExtrasError(std::vector<std::string>{"--bogus"})), "无法识别的参数：--bogus");
  EXPECT_EQ(cliErrorText(CLI::RequiredError("--buildings")), "缺少必需的 --buildings");
  EXPECT_EQ(cliErrorText(CLI::RequiredError::Subcommand(1)).rfind("请给出一个命令", 0), 0u);
  EXPECT_EQ(cliErrorText(CLI::ConversionError("--size", std::vector<std::string>{"9"})), "无法识别：--size = 9");
  EXPECT_EQ(cliErrorText(CLI::ValidationError("--dpi", "Value 5 not in range 36.000000 to 1200.000000")),
            "--dpi：值 5 不在 36 到 1200 之间");
}

TEST(CliLanguage, AnotherWordingStillGivesAChineseSentence) {
  InLanguage zh(Lang::Zh);
  // Texts no CLI11 2.1 writes, as a later CLI11 might: the type decides the sentence.
  const std::pair<std::string, std::string> cases[] = {
      {cliErrorText(CLI::ExtrasError("Unexpected arguments: --a --b", CLI::ExitCodes::ExtrasError)), "--a --b"},
      {cliErrorText(CLI::RequiredError("Option --buildings must be given", CLI::ExitCodes::RequiredError)),
       "“Option --buildings must be given”"},
      {cliErrorText(CLI::ConversionError("Cannot turn abc into a number")), "“Cannot turn abc into a number”"},
      {cliErrorText(CLI::ValidationError("--dpi: value 5 is below 36")), "“value 5 is below 36”"},
      {cliErrorText(CLI::ValidationError("Out of range")), "“Out of range”"},
      {cliErrorText(CLI::ArgumentMismatch("--grid: needs 1 value")), "“--grid: needs 1 value”"},
      {cliErrorText(CLI::RequiresError("--a needs --b", CLI::ExitCodes::RequiresError)), "“--a needs --b”"},
      {cliErrorText(CLI::ExcludesError("--a and --b clash", CLI::ExitCodes::ExcludesError)), "“--a and --b clash”"},
      {cliErrorText(CLI::HorribleError("Something else")), "“Something else”"},
  };
  for (const auto& [text, data] : cases) {
    EXPECT_NE(text.find(data), std::string::npos) << text;
    std::string sentence = outsideQuotes(text);
    for (const char* opt : {"--a", "--b", "--dpi"})
      for (size_t at; (at = sentence.find(opt)) != std::string::npos;) sentence.erase(at, std::string(opt).size());
    EXPECT_FALSE(hasLatinWord(sentence)) << text;
    EXPECT_NE(sentence.size(), 0u) << text;
  }
}

TEST(CliLanguage, EnglishReadsAsCLI11WroteIt) {
  InLanguage en(Lang::En);
  EXPECT_EQ(cliErrorText(CLI::ExtrasError(std::vector<std::string>{"--bogus"})),
            "The following argument was not expected: --bogus");
  EXPECT_EQ(cliErrorText(CLI::ExtrasError(std::vector<std::string>{"a", "b"})),
            "The following arguments were not expected: b a");  // CLI11 lists them last first
  EXPECT_EQ(cliErrorText(CLI::RequiredError("--buildings")), "--buildings is required");
  EXPECT_EQ(cliErrorText(CLI::ValidationError("--dpi", "Value 5 not in range 36.000000 to 1200.000000")),
            "--dpi: Value 5 not in range 36 to 1200");
  EXPECT_EQ(cliErrorText(CLI::RequiredError("Option --b must be given", CLI::ExitCodes::RequiredError)),
            "something required is missing (“Option --b must be given”)");
}

}  // namespace
