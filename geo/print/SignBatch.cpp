#include "geo/print/SignBatch.hpp"

#include <cairo-pdf.h>
#include <glib.h>
#include <png.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <exception>
#include <functional>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "geo/core/AtomicFile.hpp"
#include "geo/core/Error.hpp"
#include "geo/core/I18n.hpp"
#include "geo/print/SignFonts.hpp"

namespace gp::print {

namespace fs = std::filesystem;

std::string today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string fileStem(const std::string& grid_id) {
  std::string s;
  for (char c : grid_id) {
    unsigned char u = static_cast<unsigned char>(c);
    s += (c == '/' || c == '\\' || c == ':' || u < 0x20) ? '_' : c;
  }
  if (s.empty() || s == "." || s == "..") s = "_" + s;
  return s;
}

void pagePixels(const SignTemplate& t, double dpi, int& w, int& h) {
  w = int(std::lround(t.page_width_mm / 25.4 * dpi));
  h = int(std::lround(t.page_height_mm / 25.4 * dpi));
}

namespace {

// Bytes that are not UTF-8 become U+FFFD (GLib's rule). True when something changed.
bool makeValidUtf8(std::string& s) {
  if (g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) return false;
  gchar* v = g_utf8_make_valid(s.data(), static_cast<gssize>(s.size()));
  s = v;
  g_free(v);
  return true;
}

// A plan edited in another tool can hold text that is not UTF-8 (a wrong code page, a damaged field). Cairo then
// failed the whole page with "input string not valid UTF-8", naming no text (issue 11, class 4). Such text is
// printed with U+FFFD in place of the bad bytes, and a warning names the grid and the fields.
void repairText(SignData& d, ProblemList& problems) {
  std::vector<std::string> fields;
  auto fix = [&](std::string& s, const char* field) {
    if (makeValidUtf8(s) && std::find(fields.begin(), fields.end(), field) == fields.end()) fields.emplace_back(field);
  };
  fix(d.grid_id, "grids.grid_id");
  fix(d.grid_name, "grids.name");
  fix(d.community_id, "communities.community_id");
  fix(d.community_name, "communities.name");
  fix(d.worker_name, "grids.worker_name");
  fix(d.worker_phone, "grids.worker_phone");
  fix(d.duties, "grids.duties");
  for (auto& b : d.buildings) fix(b.label, "buildings.name");
  for (auto& u : d.units) fix(u.label, "units.unit_id");
  for (auto& n : d.neighbours) fix(n.label, "grids.grid_id");
  for (auto& b : d.barriers) fix(b.name, "barrier names");
  for (auto& r : d.rows) {
    fix(r.code, "units.unit_id");
    fix(r.number, "units.unit_id");
    fix(r.covers, "buildings.name");
    fix(r.leader, "units.leader_name");
  }
  if (fields.empty()) return;
  std::string list;
  for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
  problems.add("invalid_text", Severity::Warning, "grid " + d.grid_id,
               fmt(tr("grid %1$s: text in %2$s is not valid UTF-8 (another code page, or damaged); the sign shows "
                      "\xEF\xBF\xBD in place of those bytes. Correct the text in the plan, or partition again with "
                      "the right --encoding."),
                   d.grid_id.c_str(), list.c_str()));
}

std::string tempBeside(const std::string& path) {
  removeStaleTemps(path);
  return tempPathFor(path).string();
}

void commit(const std::string& tmp, const std::string& path) {
  commitTemp(tmp, path, tr("sign"));
}

// Cairo handles owned for the length of a scope: a sign that cannot be drawn (a QR text too long, a font error)
// throws from the middle of drawing, and each such failure used to leak its surfaces (LeakSanitizer, issue 11).
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using CairoContext = std::unique_ptr<cairo_t, CairoFree>;
using CairoSurface = std::unique_ptr<cairo_surface_t, CairoFree>;

void checkSurface(cairo_surface_t* s, const std::string& path) {
  if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
    throw InputError(fmt(tr("cannot write %1$s (Cairo: %2$s); check that the folder exists and is writable"),
                         path.c_str(), cairo_status_to_string(cairo_surface_status(s))));
}

void setMetadata(cairo_surface_t* s, const SignTemplate& t, const SignData& d) {
  std::string title = t.title + " " + d.grid_id;
  if (!d.grid_name.empty()) title += " " + d.grid_name;
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "gridplan " GRIDPLAN_VERSION);
}

// Writes an RGB24 cairo image as an RGB PNG with its resolution recorded (pHYs), so it prints at
// the page size.
void writePng(cairo_surface_t* img, double dpi, const std::string& path) {
  cairo_surface_flush(img);
  int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
  int stride = cairo_image_surface_get_stride(img);
  const unsigned char* data = cairo_image_surface_get_data(img);
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw InputError(fmt(tr("cannot write %s; check that the folder exists and is writable"), path.c_str()));
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    std::fclose(f);
    throw InputError(fmt(tr("cannot write PNG %s"), path.c_str()));
  }
  png_init_io(png, f);
  png_set_compression_level(png, 3);  // signs are flat colour: fast levels compress nearly as well
  // No per-row filter: libpng's default tries all five filters on every row and picks one, which
  // took half the CPU of a 150 dpi sign; on flat colour plain deflate finds the row above by itself
  // (St Petersburg signs came out 14% smaller unfiltered).
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_set_IHDR(png, info, png_uint_32(w), png_uint_32(h), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_uint_32 ppm = png_uint_32(std::lround(dpi / 0.0254));
  png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
  png_write_info(png, info);
  std::vector<unsigned char> row(size_t(w) * 3);
  for (int y = 0; y < h; ++y) {
    const uint32_t* px = reinterpret_cast<const uint32_t*>(data + size_t(y) * size_t(stride));
    for (int x = 0; x < w; ++x) {
      uint32_t v = px[x];
      row[size_t(x) * 3] = (v >> 16) & 0xFF;
      row[size_t(x) * 3 + 1] = (v >> 8) & 0xFF;
      row[size_t(x) * 3 + 2] = v & 0xFF;
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  if (std::fclose(f) != 0) throw InputError(fmt(tr("cannot write %s (disk full?)"), path.c_str()));
}

}  // namespace

namespace {

// Writes one PDF page drawn by `draw`. Cairo 1.16 now and then fails with "error occurred in
// libfreetype" when threads finish PDFs that subset the same large system font at once (seen with
// the full Noto CJK faces, never with the batch's own subsets); the page is then written again
// while no other thread finishes one.
void writePdf(const std::function<void(cairo_t*)>& draw, const SignTemplate& t, const SignData& d,
              const std::string& path) {
  static std::mutex serial;
  for (int attempt = 0;; ++attempt) {
    std::unique_lock<std::mutex> lk(serial, std::defer_lock);
    if (attempt > 0) lk.lock();
    std::string tmp = tempBeside(path);
    CairoSurface s(cairo_pdf_surface_create(tmp.c_str(), t.pageWidthPt(), t.pageHeightPt()));
    checkSurface(s.get(), path);
    setMetadata(s.get(), t, d);
    try {
      draw(CairoContext(cairo_create(s.get())).get());
    } catch (...) {
      s.reset();  // closes the half-written temporary file before it is removed
      std::error_code ec;
      fs::remove(tmp, ec);
      throw;
    }
    cairo_surface_finish(s.get());
    cairo_status_t st = cairo_surface_status(s.get());
    s.reset();
    if (st == CAIRO_STATUS_SUCCESS) {
      commit(tmp, path);
      return;
    }
    std::error_code ec;
    fs::remove(tmp, ec);
    if (st != CAIRO_STATUS_FREETYPE_ERROR || attempt > 0)
      throw InputError(fmt(tr("cannot write %1$s (Cairo: %2$s)"), path.c_str(), cairo_status_to_string(st)));
  }
}

// A recorded page into its own PDF (as a form of vector drawing commands; text stays text).
void writeRecordingPdf(cairo_surface_t* rec, const SignTemplate& t, const SignData& d, const std::string& path) {
  writePdf(
      [rec](cairo_t* cr) {
        cairo_set_source_surface(cr, rec, 0, 0);
        cairo_paint(cr);
      },
      t, d, path);
}

}  // namespace

void writeSignPdf(SignRenderer& r, const SignData& d, const std::string& date, const std::string& path) {
  writePdf([&](cairo_t* cr) { r.render(cr, d, date); }, r.tmpl(), d, path);
}

void writeSignPng(SignRenderer& r, const SignData& d, const std::string& date, double dpi, const std::string& path) {
  int w, h;
  pagePixels(r.tmpl(), dpi, w, h);
  cairo_surface_t* img = r.image(w, h);  // the thread's page image, reused sign after sign
  checkSurface(img, path);
  {
    CairoContext cr(cairo_create(img));
    // It holds the previous sign: start from white, as a fresh image would.
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_scale(cr.get(), double(w) / r.pageWidth(), double(h) / r.pageHeight());
    r.render(cr.get(), d, date);
  }
  std::string tmp = tempBeside(path);
  try {
    writePng(img, dpi, tmp);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  commit(tmp, path);
}

namespace {

// The grids to print, in code order: all, or those asked for.
std::vector<int> signOrder(const Plan& plan, const SignIndex& index, const BatchOptions& opt) {
  std::vector<int> order;
  if (opt.grids.empty()) {
    order = index.gridsInCodeOrder();
  } else {
    std::vector<bool> want(plan.grids.size(), false);
    for (int g : opt.grids)
      if (g >= 0 && size_t(g) < want.size()) want[size_t(g)] = true;
    for (int g : index.gridsInCodeOrder())
      if (want[size_t(g)]) order.push_back(g);
  }
  return order;
}

// The atlas's one PDF surface, written to `tmp` until it is complete.
cairo_surface_t* openAtlas(const SignTemplate& t, const std::string& atlas, const std::string& tmp) {
  cairo_surface_t* atlas_surface = cairo_pdf_surface_create(tmp.c_str(), t.pageWidthPt(), t.pageHeightPt());
  if (cairo_surface_status(atlas_surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(atlas_surface);
    throw InputError(
        fmt(tr("cannot write the atlas %s; check that its folder exists and is writable"), atlas.c_str()));
  }
  cairo_pdf_surface_set_metadata(atlas_surface, CAIRO_PDF_METADATA_TITLE, fmt(tr("%s atlas"), t.title.c_str()).c_str());
  cairo_pdf_surface_set_metadata(atlas_surface, CAIRO_PDF_METADATA_CREATOR, "gridplan " GRIDPLAN_VERSION);
  return atlas_surface;
}

// Every character the signs can show, for the batch's font subsets.
std::string signCharacters(const Plan& plan, const std::vector<int>& order, const std::string& date) {
  std::string chars;
  std::vector<bool> seen(plan.in.communities.size(), false);
  for (int g : order) {
    const Grid& gr = plan.grids[size_t(g)];
    chars += gr.grid_id + gr.name + gr.worker_name + gr.worker_phone + gr.duties;
    if (gr.community >= 0 && size_t(gr.community) < seen.size() && !seen[size_t(gr.community)]) {
      seen[size_t(gr.community)] = true;
      chars += plan.in.communities[size_t(gr.community)].name + plan.in.communities[size_t(gr.community)].community_id;
    }
  }
  for (const auto& g : plan.grids) chars += g.grid_id;  // neighbours' codes
  for (const auto& u : plan.units) chars += u.unit_id + u.leader_name;
  for (const auto& b : plan.in.buildings) chars += b.name.empty() ? b.bld_id : b.name;
  for (const auto& b : plan.in.barriers) chars += b.name;
  chars += date;
  makeValidUtf8(chars);
  return chars;
}

// One sign into its PDF and PNG; with an atlas, drawn once into a recording that is played into both the
// grid's PDF and (by the caller) the atlas. Returns that recording, or null.
cairo_surface_t* printOne(SignRenderer& r, const SignIndex& index, int g, const std::string& name,
                          const std::string& date, const BatchOptions& opt, bool files, bool atlas, BatchResult& res) {
  SignData d = index.make(g, r.mapAspect());
  repairText(d, res.problems);
  int before = r.typesetter().unknownGlyphs();
  CairoSurface rec;
  std::string pdf_path = (fs::path(opt.out_dir) / (name + ".pdf")).string();
  const bool pdf = files && opt.pdf, png = files && opt.png;
  std::string png_path = (fs::path(opt.out_dir) / (name + ".png")).string();
  int missing = 0;
  if (atlas) {
    // Drawn once, played into both the atlas and the grid's own PDF.
    cairo_rectangle_t ext{0, 0, r.pageWidth(), r.pageHeight()};
    rec.reset(cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext));
    r.render(CairoContext(cairo_create(rec.get())).get(), d, date);
    if (pdf) writeRecordingPdf(rec.get(), r.tmpl(), d, pdf_path);
  } else if (pdf) {
    writeSignPdf(r, d, date, pdf_path);
  }
  missing = r.typesetter().unknownGlyphs() - before;
  // The PNG is drawn anew rather than played from a recording: replayed text lands on other
  // subpixel positions than Pango's own drawing (4% of the pixels of a sign differed).
  if (png) writeSignPng(r, d, date, opt.dpi, png_path);
  if (missing > 0) {
    const auto& texts = r.typesetter().textsWithUnknownGlyphs();
    res.problems.add("missing_glyph", Severity::Error, "grid " + d.grid_id,
                     fmt(tr("grid %1$s: %2$d character(s) no installed font has (shown as boxes), e.g. in "
                            "\"%3$s\"; install fonts-noto-cjk or correct the text"),
                         d.grid_id.c_str(), missing, texts.empty() ? "" : texts.back().c_str()));
  }
  return rec.release();
}

// The workers and the atlas writer: pages taken, pages recorded and waiting, the first error.
struct BatchQueue {
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0, written = 0;  // next page to take; pages the atlas writer has consumed
  std::map<size_t, cairo_surface_t*> ready;
  std::exception_ptr error;
  std::atomic<int> done{0};
  bool stop = false;
};

// Plays the recorded pages into the atlas in code order, as the workers finish them.
void playAtlas(BatchQueue& q, cairo_surface_t* atlas_surface, size_t pages) {
  cairo_t* acr = cairo_create(atlas_surface);
  for (size_t i = 0; i < pages; ++i) {
    cairo_surface_t* rec = nullptr;
    {
      std::unique_lock lk(q.mu);
      q.cv.wait(lk, [&] { return q.stop || q.ready.count(i); });
      if (!q.ready.count(i)) break;
      rec = q.ready[i];
      q.ready.erase(i);
    }
    cairo_set_source_surface(acr, rec, 0, 0);
    cairo_paint(acr);
    cairo_show_page(acr);
    cairo_surface_destroy(rec);
    {
      std::lock_guard lk(q.mu);
      q.written = i + 1;
    }
    q.cv.notify_all();
  }
  cairo_destroy(acr);
}

// Finishes the atlas: in place when complete, removed after an error.
void finishAtlas(cairo_surface_t* atlas_surface, const std::string& tmp, const std::string& atlas, bool failed) {
  cairo_surface_finish(atlas_surface);
  cairo_status_t st = cairo_surface_status(atlas_surface);
  cairo_surface_destroy(atlas_surface);
  std::error_code ec;
  if (failed || st != CAIRO_STATUS_SUCCESS) {
    fs::remove(tmp, ec);
    if (!failed)
      throw InputError(fmt(tr("cannot write the atlas %1$s (Cairo: %2$s)"), atlas.c_str(), cairo_status_to_string(st)));
  } else {
    commit(tmp, atlas);
  }
}

}  // namespace

BatchResult printSigns(const Plan& plan, const SignTemplate& t, const BatchOptions& opt) {
  BatchResult res;
  SignIndex index(plan);
  const std::vector<int> order = signOrder(plan, index, opt);
  const std::string date = opt.print_date.empty() ? today() : opt.print_date;
  const bool files = !opt.out_dir.empty() && (opt.pdf || opt.png);
  const bool atlas = !opt.atlas.empty();
  if (files) {
    std::error_code ec;
    fs::create_directories(opt.out_dir, ec);
    if (ec || !fs::is_directory(opt.out_dir))
      throw InputError(fmt(tr("cannot create the output folder %1$s: %2$s"), opt.out_dir.c_str(), ec.message().c_str()));
  }
  std::vector<std::string> names(order.size());
  for (size_t i = 0; i < order.size(); ++i) names[i] = fileStem(plan.grids[size_t(order[i])].grid_id);

  // The atlas is one PDF surface, so one thread writes it: workers record each page (vector
  // commands, no rasterising) and the calling thread replays them in code order. Workers stay at
  // most `window` pages ahead of the writer.
  // The fonts first: when they fail, no atlas surface and temporary file is open yet.
  SignFonts fonts(t, signCharacters(plan, order, date));
  cairo_surface_t* atlas_surface = nullptr;
  std::string atlas_tmp;
  if (atlas) {
    atlas_tmp = tempBeside(opt.atlas);
    atlas_surface = openAtlas(t, opt.atlas, atlas_tmp);
  }

  int jobs = opt.jobs > 0 ? opt.jobs : int(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::max(1, std::min(jobs, int(order.size())));
  const size_t window = size_t(jobs) * 2 + 2;

  BatchQueue q;
  auto worker = [&]() {
    try {
      SignRenderer r(t, fonts.config());
      for (;;) {
        size_t i;
        {
          std::unique_lock lk(q.mu);
          q.cv.wait(lk, [&] { return q.stop || !atlas || q.next < q.written + window; });
          if (q.stop || q.next >= order.size()) return;
          i = q.next++;
        }
        cairo_surface_t* rec = printOne(r, index, order[i], names[i], date, opt, files, atlas, res);
        {
          std::lock_guard lk(q.mu);
          if (rec) q.ready[i] = rec;
        }
        q.cv.notify_all();
        int n = ++q.done;
        if (opt.progress) opt.progress(n, int(order.size()));
      }
    } catch (...) {
      std::lock_guard lk(q.mu);
      if (!q.error) q.error = std::current_exception();
      q.stop = true;
      q.cv.notify_all();
    }
  };

  std::vector<std::thread> pool;
  for (int j = 0; j < jobs; ++j) pool.emplace_back(worker);
  if (atlas) playAtlas(q, atlas_surface, order.size());
  for (auto& th : pool) th.join();
  for (auto& [i, rec] : q.ready) cairo_surface_destroy(rec);

  if (atlas) finishAtlas(atlas_surface, atlas_tmp, opt.atlas, bool(q.error));
  if (q.error) std::rethrow_exception(q.error);

  res.signs = int(order.size());
  if (files)
    for (const auto& n : names) {
      if (opt.pdf) res.files.push_back((fs::path(opt.out_dir) / (n + ".pdf")).string());
      if (opt.png) res.files.push_back((fs::path(opt.out_dir) / (n + ".png")).string());
    }
  if (atlas) res.files.push_back(opt.atlas);
  return res;
}

}  // namespace gp::print
