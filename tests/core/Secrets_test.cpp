#include "geo/core/Secrets.hpp"

#include <gtest/gtest.h>

#include "geo/core/Error.hpp"
#include "geo/core/Problem.hpp"

using gp::isDatabaseConnection;
using gp::maskPasswords;

TEST(Secrets, PasswordsInConnectionStringsAreMasked) {
  EXPECT_EQ(maskPasswords("PG:dbname=town host=db user=gis password=s3cret port=5432"),
            "PG:dbname=town host=db user=gis password=*** port=5432");
  EXPECT_EQ(maskPasswords("PG:dbname=town PASSWORD = 's3 cr\\'et' user=gis"), "PG:dbname=town PASSWORD=*** user=gis");
  EXPECT_EQ(maskPasswords("MYSQL:town,user=gis,password=s3cret,tables=b"), "MYSQL:town,user=gis,password=***,tables=b");
  EXPECT_EQ(maskPasswords("--buildings \"PG:dbname=t password=s3cret\": cannot open"),
            "--buildings \"PG:dbname=t password=***\": cannot open");
  EXPECT_EQ(maskPasswords("postgresql://gis:s3cret@db.example/town?sslmode=require"),
            "postgresql://gis:***@db.example/town?sslmode=require");
  EXPECT_EQ(maskPasswords("ODBC:DSN=town;UID=gis;PWD=s3cret;"), "ODBC:DSN=town;UID=gis;PWD=***;");
}

TEST(Secrets, MessagesAroundAMaskedPasswordSurvive) {
  const std::string once = maskPasswords("-o PG:dbname=t password=s3cret") + ": refused";
  EXPECT_EQ(once, "-o PG:dbname=t password=***: refused");
  EXPECT_EQ(maskPasswords(once), once) << "masking twice (a message masked again at the edge) changes nothing";
  EXPECT_EQ(maskPasswords("--buildings PG:dbname=t password=s3cret: cannot open"),
            "--buildings PG:dbname=t password=***: cannot open");
  EXPECT_EQ(maskPasswords("password=a:b:c host=x"), "password=*** host=x") << "a colon inside a password";
}

TEST(Secrets, TextWithoutPasswordsIsUnchanged) {
  for (const char* s : {"", "buildings.shp", "PG:dbname=town host=db user=gis", "passwords are never stored",
                        "https://example.org/a:b", "/data/town.gpkg", "keypassword", "mypassword=x is not a key"})
    EXPECT_EQ(maskPasswords(s), s) << s;
}

TEST(Secrets, DatabaseConnectionsAreRecognised) {
  for (const char* s : {"PG:dbname=town", "pg:dbname=town", "PostgreSQL:dbname=x", "MySQL:town", "postgresql://h/db"})
    EXPECT_TRUE(isDatabaseConnection(s)) << s;
  for (const char* s : {"plan.gpkg", "C:/plans/plan.gpkg", "PG.gpkg", "/tmp/PG:x/plan.gpkg"})
    EXPECT_FALSE(isDatabaseConnection(s)) << s;
}

TEST(Secrets, ProblemsNeverCarryAPassword) {
  gp::ProblemList pl;
  pl.add("source_unreadable", gp::Severity::Error, "PG:dbname=t password=s3cret", "cannot open PG:dbname=t password=s3cret");
  auto p = pl.items().at(0);
  EXPECT_EQ(p.feature.find("s3cret"), std::string::npos) << p.feature;
  EXPECT_EQ(p.message.find("s3cret"), std::string::npos) << p.message;
  EXPECT_NE(p.message.find("password=***"), std::string::npos) << p.message;
}

TEST(Secrets, DatabaseOutputsAreRefusedWithTheirPasswordMasked) {
  EXPECT_NO_THROW(gp::refuseDatabaseOutput("-o", "plan.gpkg", "plan.gpkg"));
  EXPECT_NO_THROW(gp::refuseDatabaseOutput("-o", "", "plan.gpkg"));
  try {
    gp::refuseDatabaseOutput("--out", "PG:dbname=town password=s3cret", "inputs.gpkg");
    FAIL() << "a connection string was accepted as an output";
  } catch (const gp::InputError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("--out PG:dbname=town password=***"), std::string::npos) << m;
    EXPECT_NE(m.find("--out inputs.gpkg"), std::string::npos) << m;
    EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;
  }
}
