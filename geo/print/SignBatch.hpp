#pragma once
// Prints the signs of a plan: one PDF and/or PNG per grid and an optional atlas PDF with a page per
// grid in code order. Pages render in parallel (a pool of threads, each with its own renderer and
// Pango font map) and stream: each file is written and freed as soon as it is drawn, and atlas pages
// wait in a window of a few pages, so memory does not grow with the number of grids.
#include <functional>
#include <string>
#include <vector>

#include "geo/core/Problem.hpp"
#include "geo/plan/Plan.hpp"
#include "geo/print/SignData.hpp"
#include "geo/print/SignRenderer.hpp"
#include "geo/print/SignTemplate.hpp"

namespace gp::print {

struct BatchOptions {
  std::string out_dir;     // per-grid files go here (created if needed); empty = none
  bool pdf = true, png = false;
  double dpi = 300;        // PNG resolution
  std::string atlas;       // one PDF with a page per grid; empty = none
  std::vector<int> grids;  // grid indices to print; empty = all. Printed in code order either way.
  int jobs = 0;            // threads; 0 = hardware threads
  std::string print_date;  // shown in the footer; empty = today (YYYY-MM-DD)
  std::function<void(int done, int total)> progress;  // called from worker threads
};

struct BatchResult {
  int signs = 0;
  std::vector<std::string> files;  // written, in code order (atlas last)
  ProblemList problems;            // glyphs no font has (missing_glyph), by grid
};

// Renders the signs. Throws gp::InputError when an output cannot be written (naming it).
BatchResult printSigns(const Plan& plan, const SignTemplate& t, const BatchOptions& opt);

// One sign to one file (atomically: a temp file in the same directory, then rename).
void writeSignPdf(SignRenderer& r, const SignData& d, const std::string& date, const std::string& path);
void writeSignPng(SignRenderer& r, const SignData& d, const std::string& date, double dpi, const std::string& path);

// Pixel size of a page at `dpi` (A3 at 300 dpi: 3508 × 4961).
void pagePixels(const SignTemplate& t, double dpi, int& w, int& h);

// Today as YYYY-MM-DD (local time).
std::string today();

// A grid code made safe as a file name (path separators and control characters replaced).
std::string fileStem(const std::string& grid_id);

}  // namespace gp::print
