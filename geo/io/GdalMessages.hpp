#pragma once
// GDAL's own messages while input layers are read. Warnings (e.g. unclosed OSM rings) become one note per
// distinct message, not stderr noise; failures are counted, because while features are read any failure means
// a damaged file (ReadWatch).
#include <cpl_error.h>

#include <map>
#include <string>

#include "geo/core/Problem.hpp"

namespace gp::io {

class SourceLayer;

// Installs its handler for its lifetime (GDAL's handler stack: create and destroy on one thread).
class GdalMessages {
 public:
  GdalMessages();
  ~GdalMessages();
  GdalMessages(const GdalMessages&) = delete;
  GdalMessages& operator=(const GdalMessages&) = delete;
  // One info problem (kind gdal_message) per distinct warning or failure, with its count.
  void report(ProblemList& out) const;
  unsigned long long failures() const { return failures_; }
  // The first failure message since the last forgetFailure().
  const std::string& failure() const { return failure_; }
  void forgetFailure() { failure_.clear(); }

 private:
  static void CPL_STDCALL handle(CPLErr e, CPLErrorNum, const char* msg);
  std::map<std::string, long long> counts_;
  unsigned long long failures_ = 0;
  std::string failure_;
};

// Watches one pass over a layer's features: a GDAL failure while they are read (a damaged GeoPackage page, a
// truncated .dbf or FlatGeobuf) throws InputError naming the file, layer and feature (issue 11); before, reading
// just ended early and up to half the households vanished from a plan that looked right.
class ReadWatch {
 public:
  ReadWatch(GdalMessages& g, const SourceLayer& s);
  // At the top of each iteration: the feature just read.
  void next(long long fid);
  // After the loop: reading may also have ended at an unreadable feature.
  void done() const;

 private:
  [[noreturn]] void fail(const std::string& where) const;
  GdalMessages& g_;
  const SourceLayer& s_;
  unsigned long long start_;
  long long n_ = 0, last_ = -1;
};

}  // namespace gp::io
