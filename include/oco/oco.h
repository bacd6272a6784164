/* oco — online decisions under budgets. One header that includes them all. */
#ifndef OCO_OCO_H
#define OCO_OCO_H

#include "oco/version.h"
#include "oco/error.h"
#include "oco/params.h"
#include "oco/rng.h"
#include "oco/algo.h"
#include "oco/linalg.h"
#include "oco/domain.h"
#include "oco/csv.h"
#include "oco/olp.h"
#include "oco/alloc.h"
#include "oco/hindsight.h"
#include "oco/runner.h"
#include "oco/learner.h"
#include "oco/losses.h"
#include "oco/oco_runner.h"
#include "oco/msmwc.h"
#include "oco/universal.h"
#include "oco/game.h"
#include "oco/coco.h"
#include "oco/coco_problem.h"
#include "oco/coco_runner.h"
#include "oco/bwk.h"
#include "oco/bwk_problem.h"
#include "oco/bwk_runner.h"
#include "oco/oobc.h"
#include "oco/oobc_model.h"
#include "oco/oobc_problem.h"
#include "oco/oobc_runner.h"

#endif
