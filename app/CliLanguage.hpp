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

// A CLI11 error in the reader's language; the English text where it is not one CLI11 is known to write.
std::string cliErrorText(const CLI::Error& e);

}  // namespace gp::app
