#include "oco/version.h"

const char *oco_version(void) { return OCO_VERSION; }
