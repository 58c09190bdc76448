#pragma once
// CLI11 in the reader's language (issue 13): the words of --help (Usage, OPTIONS, REQUIRED, …) and the
// command-line errors CLI11 raises, which it writes in English.
#include <string>

namespace CLI {
class App;
class Error;
}  // namespace CLI

namespace gp::app {

// Call on the root before any option or command is added: its formatter, help flag and option group are
// inherited by every command.
void localizeCli(CLI::App& root);

// A CLI11 error in the reader's language, by its type; CLI11's own text is quoted where its wording is not
// 2.1's. `app` (the one that failed) gives unexpected arguments in the order they were given.
std::string cliErrorText(const CLI::Error& e, const CLI::App* app = nullptr);

}  // namespace gp::app
