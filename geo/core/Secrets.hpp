#pragma once
// Connection strings carry passwords ("PG:dbname=town user=gis password=…"); gridplan never prints or stores
// one. Messages, problems and plan_meta pass through maskPasswords.
#include <string>

namespace gp {

// `s` with the value of every password in it replaced by "***": libpq / GDAL key=value pairs
// (password=secret, PASSWORD='a b\'c', pwd=…; up to a space, comma or semicolon when unquoted) and URIs
// (postgresql://user:secret@host/db).
std::string maskPasswords(const std::string& s);

// True for a database connection (PG:…, PostgreSQL:…, MySQL:…, MSSQL:…, OCI:…, postgresql://…), where a path
// to a file is expected.
bool isDatabaseConnection(const std::string& s);

// Throws gp::InputError (exit 2) when `out`, given to `option`, is a database connection: every output of
// gridplan is a file, and a connection string would otherwise become a local file named "PG:…", password and
// all (issue 14). The message masks the password and names `example`, a file to write instead.
void refuseDatabaseOutput(const std::string& option, const std::string& out, const std::string& example);

}  // namespace gp
