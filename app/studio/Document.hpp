#pragma once
// The open plan with its undo history, path and recovery journal. Every edit, from a tool or a script,
// arrives here as one line of the studio's command language (see Studio.hpp), becomes one plan command,
// and is appended to `<plan>.journal` so a crash loses nothing: on the next open the journal is offered
// back and replayed. Saving writes the plan atomically and clears the journal.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "geo/plan/Command.hpp"
#include "geo/plan/Plan.hpp"

namespace gp::studio {

using Progress = std::function<void(double, const std::string&)>;

// What the studio needs from the rest of gridplan, injected by app/cmd_studio.cpp so the studio library
// can be tested and built on its own.
struct Services {
  std::function<Plan(const std::string&)> read;
  std::function<void(const Plan&, const std::string&)> write;
  // Re-partition the unlocked grids of a community / the units of a grid, in place (may throw
  // gp::Cancelled when *cancel is set). Empty when the pipeline is not available.
  std::function<void(Plan&, int, const Progress&, const std::atomic<bool>*)> repartitionCommunity;
  std::function<void(Plan&, int, const Progress&, const std::atomic<bool>*)> repartitionUnits;
};

class Document {
 public:
  explicit Document(Services s) : services_(std::move(s)) {}

  Plan plan;
  plan::History history;
  std::string path;  // empty for an unsaved / empty document

  bool isOpen() const { return open_; }
  void open(const std::string& path);      // throws gp::InputError naming the file
  void adopt(Plan p, const std::string& path);  // an already loaded plan (tests, demos)
  // Saves to `path` (or the current path when empty), atomically, and clears the journal.
  void save(const std::string& path = "");

  // A journal from an earlier session that ended without saving, for the plan just opened.
  bool hasRecovery() const { return recoveryLines_ > 0; }
  int recoveryEdits() const { return recoveryLines_; }
  // Replays the journal (each line as if typed again); returns what it touched, all of it.
  plan::Touched recover();
  void discardRecovery();

  // Runs one edit line ("assign B12 320508019044003", "undo", ...). Throws gp::InputError with a message
  // for an unknown command, id or argument, or when the edit is refused. View commands (fit, select...)
  // are not handled here. `handled` is false when the line is not an edit command.
  plan::Touched run(const std::string& line, bool* handled = nullptr);
  // Executes a ready command, journalled as `line` (which must recreate it when replayed).
  plan::Touched execute(std::unique_ptr<plan::Command> cmd, const std::string& line);
  plan::Touched undo();
  plan::Touched redo();

  const Services& services() const { return services_; }
  std::string journalPath() const { return path.empty() ? "" : path + ".journal"; }

 private:
  void journal(const std::string& line);
  std::string fileStamp() const;
  Services services_;
  bool open_ = false;
  int recoveryLines_ = 0;
  bool replaying_ = false;
};

// Splits a command line into words; a word may be "double quoted" (with \" and \n escapes).
std::vector<std::string> splitWords(const std::string& line);
// Quotes a word for a command line when it has spaces, quotes or newlines.
std::string quoteWord(const std::string& w);

}  // namespace gp::studio
