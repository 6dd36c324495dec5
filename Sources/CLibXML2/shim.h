// libxml2 (Debian libxml2-dev), for validating messages against XML Schemas in-process.
//
// Debian builds libxml2 with ICU; its headers would then include the system's ICU headers, which
// clash with the ICU that Foundation carries. The ICU part only changes xmlCharEncodingHandler,
// which this product uses by pointer only (never by value), so it is switched off here.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>
