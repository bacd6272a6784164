"""Loading liboco.so and the ctypes mirror of the C API (include/oco/*.h).

Every ``ctypes.Structure`` here mirrors one C struct field by field, with the
C field names, so that ``tests/test_layout.py`` can compare each one's size
and offsets against a C program compiled from the real headers.  Only the
structs and functions the Python classes use are declared.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char, c_char_p, c_double, c_int,
                    c_size_t, c_uint, c_uint64, c_ubyte, c_void_p)
from pathlib import Path
from typing import List

__all__ = ["lib", "library_path"]


def _candidates() -> List[str]:
    """Where liboco.so is looked for, in order (see the package docstring)."""
    env = os.environ.get("OCO_LIB")
    if env:
        return [env]
    here = Path(__file__).resolve().parent  # .../python/oco
    out = []
    for root in (here.parent, here.parent.parent):  # python/, the repository
        p = root / "build" / "liboco.so"
        if p.exists():
            out.append(str(p))
    found = ctypes.util.find_library("oco")
    if found:
        out.append(found)
    out.append("liboco.so.0")
    return out


def _load() -> "tuple[ctypes.CDLL, str]":
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:  # try the next place
            errors.append(f"{path}: {e}")
    raise ImportError("oco: cannot load liboco.so (set OCO_LIB to its path): " +
                      "; ".join(errors))


lib, library_path = _load()

# ---- params.h, algo.h --------------------------------------------------------


class oco_param_spec(Structure):
    _fields_ = [("name", c_char_p), ("default_value", c_double), ("default_text", c_char_p),
                ("doc", c_char_p), ("tag", c_char_p)]


class oco_param(Structure):
    _fields_ = [("key", c_char_p), ("value", c_double)]


class oco_algo_info(Structure):
    _fields_ = [("name", c_char_p), ("protocol", c_int), ("summary", c_char_p),
                ("source", c_char_p), ("derived", c_char_p),
                ("params", POINTER(oco_param_spec)), ("nparams", c_size_t), ("flags", c_uint)]


# ---- rng.h ---------------------------------------------------------------------


class oco_rng(Structure):
    _fields_ = [("s", c_uint64 * 4)]


# ---- olp.h, alloc.h, hindsight.h, runner.h ------------------------------------


class oco_olp_instance(Structure):
    _fields_ = [("T", c_size_t), ("m", c_size_t), ("c", POINTER(c_double)),
                ("a", POINTER(c_double)), ("b", POINTER(c_double))]


class oco_olp_setup(Structure):
    _fields_ = [("T", c_size_t), ("m", c_size_t), ("b", POINTER(c_double)),
                ("rng", POINTER(oco_rng))]


class oco_olp_session_opts(Structure):
    _fields_ = [("hard_budget", c_int), ("zero_violation", c_int),
                ("zero_violation_k", c_double), ("zero_violation_exponent", c_double)]


class oco_olp_opt_opts(Structure):
    _fields_ = [("method", c_int), ("exact_max_entries", c_size_t), ("time_limit", c_double)]


class oco_olp_opt(Structure):
    _fields_ = [("value", c_double), ("kind", c_int), ("method", c_char_p),
                ("seconds", c_double)]


class oco_olp_metrics(Structure):
    _fields_ = [("reward", c_double), ("violation", c_double), ("accepted", c_size_t),
                ("seconds", c_double), ("decisions_per_second", c_double)]


OLP_ON_ROUND = CFUNCTYPE(c_int, c_void_p, c_void_p, c_size_t, c_double, POINTER(c_double), c_int)


class oco_olp_run_opts(Structure):
    _fields_ = [("session", oco_olp_session_opts), ("on_round", c_void_p), ("ctx", c_void_p),
                ("rng", POINTER(oco_rng))]


# ---- learner.h, losses.h, oco_runner.h ------------------------------------------


class oco_learner_setup(Structure):
    _fields_ = [("d", c_size_t), ("domain", c_void_p), ("T", c_size_t), ("G", c_double),
                ("D", c_double), ("L", c_double), ("lambda", c_double), ("alpha", c_double),
                ("rng", POINTER(oco_rng))]


class oco_loss_opts(Structure):
    _fields_ = [("kind", c_int), ("d", c_size_t), ("T", c_size_t), ("seed", c_uint64),
                ("lambda", c_double), ("spread", c_double), ("noise", c_double),
                ("G", c_double), ("delta", c_double), ("sign_p", c_double),
                ("switch_at", c_double), ("data", POINTER(c_double)), ("sigma", c_double),
                ("Sigma", c_double), ("sea_period", c_double)]


class oco_loss_info(Structure):
    _fields_ = [("G", c_double), ("L", c_double), ("lambda", c_double), ("alpha", c_double)]


class oco_loss_hindsight(Structure):
    _fields_ = [("comparator", c_double), ("gap", c_double), ("VT", c_double),
                ("vt_exact", c_int), ("method", c_char_p)]


class oco_learner_run_opts(Structure):
    _fields_ = [("on_round", c_void_p), ("ctx", c_void_p), ("hindsight", c_int)]


class oco_learner_run_result(Structure):
    _fields_ = [("T", c_size_t), ("loss", c_double), ("comparator", c_double),
                ("comparator_gap", c_double), ("regret", c_double), ("VT", c_double),
                ("vt_exact", c_int), ("grad_calls", c_size_t), ("seconds", c_double),
                ("rounds_per_second", c_double), ("hindsight_seconds", c_double)]


# ---- coco.h, coco_problem.h, coco_runner.h --------------------------------------


class oco_quad_map(Structure):
    _fields_ = [("m", c_size_t), ("d", c_size_t), ("P", POINTER(c_double)),
                ("A", POINTER(c_double)), ("b", POINTER(c_double))]


class oco_grad_oracle(Structure):
    """learner.h: f_t's counting oracle (fn, ctx opaque to Python)."""
    _fields_ = [("fn", c_void_p), ("ctx", c_void_p), ("d", c_size_t), ("calls", c_size_t)]


class oco_cons_oracle(Structure):
    """coco.h: g_t's counting oracle (fn, ctx opaque to Python)."""
    _fields_ = [("fn", c_void_p), ("ctx", c_void_p), ("d", c_size_t), ("k", c_size_t),
                ("calls", c_size_t), ("form", POINTER(oco_quad_map))]


class oco_coco_feedback(Structure):
    _fields_ = [("cost", POINTER(oco_grad_oracle)), ("cons", POINTER(oco_cons_oracle))]


class oco_coco_linear(Structure):
    _fields_ = [("grad", POINTER(c_double)), ("value", c_double), ("g", POINTER(c_double)),
                ("J", POINTER(c_double))]


class oco_coco_prediction(Structure):
    _fields_ = [("cost", POINTER(oco_quad_map)), ("cons", POINTER(oco_quad_map)),
                ("cons_value", POINTER(c_double))]


class oco_coco_setup(Structure):
    _fields_ = [("d", c_size_t), ("k", c_size_t), ("domain", c_void_p), ("T", c_size_t),
                ("G", c_double), ("L_g", c_double), ("g_max", c_double), ("F", c_double),
                ("D", c_double), ("budget", POINTER(c_double)), ("alpha", c_double),
                ("fixed_cons", POINTER(oco_quad_map)), ("rng", POINTER(oco_rng))]


class oco_coco_type(Structure):
    """The head of the coco vtable (the fields `oco list --json` reads)."""
    _fields_ = [("info", oco_algo_info), ("domains", c_uint), ("needs", c_uint)]


class oco_coco_problem_opts(Structure):
    _fields_ = [("kind", c_int), ("d", c_size_t), ("k", c_size_t), ("T", c_size_t),
                ("seed", c_uint64)]


class oco_coco_problem_info(Structure):
    _fields_ = [("G", c_double), ("L_g", c_double), ("g_max", c_double), ("F", c_double),
                ("alpha", c_double), ("fixed_cons", POINTER(oco_quad_map)),
                ("alpha_estimated", c_int)]


class oco_coco_hindsight(Structure):
    _fields_ = [("comparator", c_double), ("gap", c_double), ("method", c_char_p),
                ("iterations", c_size_t)]


class oco_coco_run_opts(Structure):
    _fields_ = [("predictions", c_int), ("pred_noise", c_double), ("pred_seed", c_uint64),
                ("benchmark", c_int), ("hindsight", c_int), ("on_round", c_void_p),
                ("ctx", c_void_p), ("consumption", POINTER(c_double)),
                ("budget", POINTER(c_double))]


class oco_coco_run_result(Structure):
    _fields_ = [("T", c_size_t), ("loss", c_double), ("comparator", c_double),
                ("comparator_gap", c_double), ("comparator_method", c_char_p),
                ("regret", c_double), ("alpha", c_double), ("alpha_regret", c_double),
                ("violation", c_double), ("max_running_violation", c_double),
                ("seconds", c_double), ("rounds_per_second", c_double),
                ("hindsight_seconds", c_double), ("cost_calls", c_size_t),
                ("cons_calls", c_size_t)]


# ---- bwk.h, bwk_problem.h, bwk_runner.h -----------------------------------------


class oco_bwk_setup(Structure):
    _fields_ = [("K", c_size_t), ("T", c_size_t), ("budget", c_double),
                ("rng", POINTER(oco_rng))]


class oco_bwk_problem_opts(Structure):
    _fields_ = [("kind", c_int), ("K", c_size_t), ("T", c_size_t), ("seed", c_uint64),
                ("phases", c_size_t), ("phase_k", c_size_t)]


class oco_bwk_benchmark(Structure):
    _fields_ = [("value", c_double), ("consumption", c_double), ("method", c_char_p),
                ("iterations", c_int), ("seconds", c_double)]


class oco_bwk_run_opts(Structure):
    _fields_ = [("benchmark", c_int), ("on_round", c_void_p), ("ctx", c_void_p)]


class oco_bwk_run_result(Structure):
    _fields_ = [("T", c_size_t), ("loss", c_double), ("consumption", c_double),
                ("expected_loss", c_double), ("budget", c_double), ("benchmark", c_double),
                ("benchmark_consumption", c_double), ("regret", c_double),
                ("seconds", c_double), ("pulls_per_second", c_double),
                ("benchmark_seconds", c_double)]


# ---- oobc.h, oobc_model.h, oobc_problem.h, oobc_runner.h ------------------------


class oco_oobc_class(Structure):
    pass


oco_oobc_class._fields_ = [
    ("name", c_char_p), ("d", c_size_t), ("M", c_size_t), ("p", c_size_t),
    ("lo", POINTER(c_double)), ("hi", POINTER(c_double)), ("x_safe", POINTER(c_double)),
    ("reserve", POINTER(c_double)), ("budget_lo", POINTER(c_double)),
    ("budget_hi", POINTER(c_double)), ("loss", c_void_p), ("use", c_void_p),
    ("layer", c_void_p), ("data", c_void_p)]


class oco_oobc_data(Structure):
    _fields_ = [("n", c_size_t), ("N", c_size_t), ("M", c_size_t), ("p", c_size_t),
                ("B", POINTER(c_double)), ("c", POINTER(c_double)), ("label", c_char * 128)]


class oco_oobc_setup(Structure):
    _fields_ = [("cls", POINTER(oco_oobc_class)), ("N", c_size_t), ("model", c_void_p),
                ("train", POINTER(oco_oobc_data))]


class oco_oobc_class_opts(Structure):
    _fields_ = [("d", c_size_t), ("x_min", c_double), ("x_max", c_double)]


class oco_oobc_synth_opts(Structure):
    _fields_ = [("period", c_double), ("mean", c_double), ("amplitude", c_double),
                ("ar_phi", c_double), ("ar_sigma", c_double), ("first", c_uint64)]


OCO_OOBC_MODEL_MAX_HIDDEN = 8


class oco_oobc_model_opts(Structure):
    _fields_ = [("kind", c_int), ("nhidden", c_size_t),
                ("hidden", c_size_t * OCO_OOBC_MODEL_MAX_HIDDEN), ("activation", c_int),
                ("output", c_int), ("seed", c_uint64)]


class oco_oobc_train_opts(Structure):
    _fields_ = [("epochs", c_size_t), ("epochs_lr1", c_size_t), ("lr1", c_double),
                ("lr2", c_double), ("batch", c_size_t), ("beta1", c_double),
                ("beta2", c_double), ("eps", c_double), ("keep_best", c_int),
                ("online", c_int), ("online_step", c_double), ("seed", c_uint64),
                ("progress", c_void_p), ("ctx", c_void_p), ("progress_every", c_size_t)]


class oco_oobc_train_report(Structure):
    _fields_ = [("epochs_run", c_size_t), ("best_epoch", c_size_t),
                ("best_val_utility", c_double), ("final_train_utility", c_double),
                ("seconds", c_double)]


class oco_oobc_run_opts(Structure):
    _fields_ = [("with_opt", c_int), ("decisions", POINTER(c_double)), ("on_episode", c_void_p),
                ("ctx", c_void_p)]


class oco_oobc_run_result(Structure):
    _fields_ = [("n", c_size_t), ("utility", POINTER(c_double)),
                ("opt_utility", POINTER(c_double)), ("utility_mean", c_double),
                ("utility_ci95", c_double), ("utility_median", c_double),
                ("utility_p25", c_double), ("utility_p75", c_double),
                ("opt_utility_mean", c_double), ("remaining_fraction_mean", c_double),
                ("budget_exceeded", c_size_t), ("seconds", c_double),
                ("steps_per_second", c_double), ("opt_seconds", c_double)]


# Every mirrored struct with its C type name, for the layout test.
STRUCTS = {
    "oco_param_spec": oco_param_spec, "oco_param": oco_param, "oco_algo_info": oco_algo_info,
    "oco_rng": oco_rng, "oco_olp_instance": oco_olp_instance, "oco_olp_setup": oco_olp_setup,
    "oco_olp_session_opts": oco_olp_session_opts, "oco_olp_opt_opts": oco_olp_opt_opts,
    "oco_olp_opt": oco_olp_opt, "oco_olp_metrics": oco_olp_metrics,
    "oco_olp_run_opts": oco_olp_run_opts, "oco_learner_setup": oco_learner_setup,
    "oco_loss_opts": oco_loss_opts, "oco_loss_info": oco_loss_info,
    "oco_loss_hindsight": oco_loss_hindsight, "oco_learner_run_opts": oco_learner_run_opts,
    "oco_learner_run_result": oco_learner_run_result, "oco_quad_map": oco_quad_map,
    "oco_coco_linear": oco_coco_linear,
    "oco_grad_oracle": oco_grad_oracle, "oco_cons_oracle": oco_cons_oracle,
    "oco_coco_feedback": oco_coco_feedback, "oco_coco_prediction": oco_coco_prediction,
    "oco_coco_setup": oco_coco_setup, "oco_coco_problem_opts": oco_coco_problem_opts,
    "oco_coco_problem_info": oco_coco_problem_info, "oco_coco_hindsight": oco_coco_hindsight,
    "oco_coco_run_opts": oco_coco_run_opts, "oco_coco_run_result": oco_coco_run_result,
    "oco_bwk_setup": oco_bwk_setup, "oco_bwk_problem_opts": oco_bwk_problem_opts,
    "oco_bwk_benchmark": oco_bwk_benchmark, "oco_bwk_run_opts": oco_bwk_run_opts,
    "oco_bwk_run_result": oco_bwk_run_result, "oco_oobc_class": oco_oobc_class,
    "oco_oobc_data": oco_oobc_data, "oco_oobc_setup": oco_oobc_setup,
    "oco_oobc_class_opts": oco_oobc_class_opts, "oco_oobc_synth_opts": oco_oobc_synth_opts,
    "oco_oobc_model_opts": oco_oobc_model_opts, "oco_oobc_train_opts": oco_oobc_train_opts,
    "oco_oobc_train_report": oco_oobc_train_report, "oco_oobc_run_opts": oco_oobc_run_opts,
    "oco_oobc_run_result": oco_oobc_run_result,
}
# Structs of which Python mirrors only the leading fields (a vtable's head).
PARTIAL_STRUCTS = {"oco_coco_type": oco_coco_type}

# ---- prototypes -------------------------------------------------------------------

PD = POINTER(c_double)
PSZ = POINTER(c_size_t)
PINFO = POINTER(oco_algo_info)
PPARAM = POINTER(oco_param)
PRNG = POINTER(oco_rng)


def _fn(name: str, restype, *argtypes) -> None:
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)


_PROTOS = [
    # version.h, error.h, algo.h
    ("oco_version", c_char_p), ("oco_strerror", c_char_p, c_int),
    ("oco_err_name", c_char_p, c_int), ("oco_last_error", c_char_p),
    ("oco_last_error_code", c_int), ("oco_clear_error", None),
    ("oco_protocol_name", c_char_p, c_int), ("oco_algo_count", c_size_t),
    ("oco_algo_at", PINFO, c_size_t), ("oco_algo_find", PINFO, c_char_p, c_int),
    ("oco_algo_check_params", c_int, PINFO, PPARAM, c_size_t),
    # rng.h
    ("oco_rng_seed", None, PRNG, c_uint64, c_uint64),
    # olp.h, alloc.h, hindsight.h, runner.h
    ("oco_olp_instance_new", POINTER(oco_olp_instance), c_size_t, c_size_t),
    ("oco_olp_instance_free", None, POINTER(oco_olp_instance)),
    ("oco_olp_instance_validate", c_int, POINTER(oco_olp_instance)),
    ("oco_olp_generate", POINTER(oco_olp_instance), c_int, c_size_t, c_size_t, PRNG),
    ("oco_olp_read_csv", POINTER(oco_olp_instance), c_char_p, PD, c_size_t),
    ("oco_olp_type_describe", c_char_p, c_int),
    ("oco_olp_policy_from_info", c_void_p, PINFO),
    ("oco_olp_session_new", c_void_p, c_void_p, POINTER(oco_olp_setup), PPARAM, c_size_t,
     POINTER(oco_olp_session_opts)),
    ("oco_olp_session_free", None, c_void_p),
    ("oco_olp_session_step", c_int, c_void_p, c_double, PD, POINTER(c_int)),
    ("oco_olp_session_reset", c_int, c_void_p, PD),
    ("oco_olp_session_round", c_size_t, c_void_p),
    ("oco_olp_session_remaining", PD, c_void_p),
    ("oco_olp_session_reward", c_double, c_void_p),
    ("oco_olp_session_accepted", c_size_t, c_void_p),
    ("oco_olp_session_dual", PD, c_void_p),
    ("oco_olp_session_phase", c_char_p, c_void_p),
    ("oco_olp_session_zero_violation_rejected", c_size_t, c_void_p),
    ("oco_olp_session_save_state", c_int, c_void_p, c_char_p),
    ("oco_olp_session_restore_state", c_int, c_void_p, c_char_p),
    ("oco_olp_opt_opts_default", oco_olp_opt_opts),
    ("oco_olp_opt_solve", c_int, POINTER(oco_olp_instance), POINTER(oco_olp_opt_opts),
     POINTER(oco_olp_opt), PD),
    ("oco_olp_dual_objective", c_double, POINTER(oco_olp_instance), PD),
    ("oco_olp_run", c_int, c_void_p, PPARAM, c_size_t, POINTER(oco_olp_instance),
     POINTER(oco_olp_run_opts), POINTER(c_ubyte), PD, POINTER(oco_olp_metrics)),
    # domain.h
    ("oco_domain_parse", c_void_p, c_char_p, c_size_t), ("oco_domain_free", None, c_void_p),
    ("oco_domain_dim", c_size_t, c_void_p), ("oco_domain_diameter", c_double, c_void_p),
    ("oco_domain_project", c_int, c_void_p, PD),
    ("oco_domain_contains", c_int, c_void_p, PD, c_double),
    # learner.h, losses.h, oco_runner.h
    ("oco_learner_setup_default", oco_learner_setup),
    ("oco_learner_type_from_info", c_void_p, PINFO),
    ("oco_learner_new", c_void_p, c_void_p, POINTER(oco_learner_setup), PPARAM, c_size_t),
    ("oco_learner_free", None, c_void_p),
    ("oco_learner_predict", c_int, c_void_p, PD, PD),
    ("oco_learner_update", c_int, c_void_p, PD, c_double),
    ("oco_learner_reset", c_int, c_void_p, PD),
    ("oco_learner_dim", c_size_t, c_void_p), ("oco_learner_round", c_size_t, c_void_p),
    ("oco_learner_update_oracle", c_int, c_void_p, POINTER(oco_grad_oracle)),
    ("oco_learner_save_state", c_int, c_void_p, c_char_p),
    ("oco_learner_restore_state", c_int, c_void_p, c_char_p),
    ("oco_loss_opts_default", oco_loss_opts),
    ("oco_loss_kind_parse", c_int, c_char_p, POINTER(c_int)),
    ("oco_loss_seq_new", c_void_p, POINTER(oco_loss_opts), c_void_p),
    ("oco_loss_seq_free", None, c_void_p),
    ("oco_loss_seq_info", POINTER(oco_loss_info), c_void_p),
    ("oco_loss_seq_rewind", None, c_void_p), ("oco_loss_seq_next", c_int, c_void_p),
    ("oco_loss_seq_eval", c_int, c_void_p, PD, PD, PD),
    ("oco_loss_seq_oracle", oco_grad_oracle, c_void_p),
    ("oco_loss_seq_hindsight", c_int, c_void_p, PD, POINTER(oco_loss_hindsight)),
    ("oco_learner_run_opts_default", oco_learner_run_opts),
    ("oco_learner_run", c_int, c_void_p, c_void_p, POINTER(oco_learner_run_opts),
     POINTER(oco_learner_run_result)),
    ("oco_learner_setup_from_losses", None, c_void_p, c_void_p, POINTER(oco_learner_setup)),
    # coco.h, coco_problem.h, coco_runner.h
    ("oco_coco_setup_default", oco_coco_setup),
    ("oco_coco_type_from_info", POINTER(oco_coco_type), PINFO),
    ("oco_coco_type_streams", c_int, POINTER(oco_coco_type)),
    ("oco_coco_new", c_void_p, POINTER(oco_coco_type), POINTER(oco_coco_setup), PPARAM,
     c_size_t),
    ("oco_coco_free", None, c_void_p),
    ("oco_coco_predict", c_int, c_void_p, POINTER(oco_coco_prediction), PD),
    ("oco_coco_update", c_int, c_void_p, POINTER(oco_coco_linear)),
    ("oco_coco_reset", c_int, c_void_p, PD),
    ("oco_coco_dim", c_size_t, c_void_p), ("oco_coco_nconstraints", c_size_t, c_void_p),
    ("oco_coco_round", c_size_t, c_void_p),
    ("oco_coco_multipliers", c_int, c_void_p, PD),
    ("oco_coco_update_oracle", c_int, c_void_p, POINTER(oco_coco_feedback)),
    ("oco_coco_save_state", c_int, c_void_p, c_char_p),
    ("oco_coco_restore_state", c_int, c_void_p, c_char_p),
    ("oco_coco_problem_opts_default", oco_coco_problem_opts),
    ("oco_coco_problem_kind_parse", c_int, c_char_p, POINTER(c_int)),
    ("oco_coco_problem_new", c_void_p, POINTER(oco_coco_problem_opts), c_void_p),
    ("oco_coco_problem_free", None, c_void_p),
    ("oco_coco_problem_dim", c_size_t, c_void_p),
    ("oco_coco_problem_nconstraints", c_size_t, c_void_p),
    ("oco_coco_problem_horizon", c_size_t, c_void_p),
    ("oco_coco_problem_get_info", POINTER(oco_coco_problem_info), c_void_p),
    ("oco_coco_problem_label", c_char_p, c_void_p),
    ("oco_coco_problem_rewind", None, c_void_p), ("oco_coco_problem_next", c_int, c_void_p),
    ("oco_coco_problem_round", c_size_t, c_void_p),
    ("oco_coco_problem_cost_oracle", oco_grad_oracle, c_void_p),
    ("oco_coco_problem_cons_oracle", oco_cons_oracle, c_void_p),
    ("oco_coco_benchmark_parse", c_int, c_char_p, POINTER(c_int)),
    ("oco_coco_pred_kind_parse", c_int, c_char_p, POINTER(c_int)),
    ("oco_coco_problem_hindsight", c_int, c_void_p, c_int, PD, PD,
     POINTER(oco_coco_hindsight)),
    ("oco_coco_run_opts_default", oco_coco_run_opts),
    ("oco_coco_run", c_int, c_void_p, c_void_p, POINTER(oco_coco_run_opts),
     POINTER(oco_coco_run_result), PD),
    ("oco_coco_setup_from_problem", None, c_void_p, POINTER(oco_coco_setup)),
    ("oco_coco_problem_budget", c_int, c_void_p, PD),
    # bwk.h, bwk_problem.h, bwk_runner.h
    ("oco_bwk_setup_default", oco_bwk_setup),
    ("oco_bwk_type_from_info", c_void_p, PINFO),
    ("oco_bwk_new", c_void_p, c_void_p, POINTER(oco_bwk_setup), PPARAM, c_size_t),
    ("oco_bwk_free", None, c_void_p), ("oco_bwk_pull", c_int, c_void_p, PSZ),
    ("oco_bwk_update", c_int, c_void_p, c_double, c_double),
    ("oco_bwk_last_distribution", c_int, c_void_p, PD), ("oco_bwk_reset", c_int, c_void_p),
    ("oco_bwk_round", c_size_t, c_void_p), ("oco_bwk_consumption", c_double, c_void_p),
    ("oco_bwk_multiplier", c_double, c_void_p),
    ("oco_bwk_save_state", c_int, c_void_p, c_char_p),
    ("oco_bwk_restore_state", c_int, c_void_p, c_char_p),
    ("oco_bwk_problem_opts_default", oco_bwk_problem_opts),
    ("oco_bwk_problem_kind_parse", c_int, c_char_p, POINTER(c_int)),
    ("oco_bwk_problem_new", c_void_p, POINTER(oco_bwk_problem_opts)),
    ("oco_bwk_problem_from_csv", c_void_p, c_char_p),
    ("oco_bwk_problem_free", None, c_void_p),
    ("oco_bwk_problem_arms", c_size_t, c_void_p),
    ("oco_bwk_problem_horizon", c_size_t, c_void_p),
    ("oco_bwk_problem_label", c_char_p, c_void_p),
    ("oco_bwk_problem_rewind", None, c_void_p), ("oco_bwk_problem_next", c_int, c_void_p),
    ("oco_bwk_problem_losses", PD, c_void_p), ("oco_bwk_problem_costs", PD, c_void_p),
    ("oco_bwk_problem_benchmark", c_int, c_void_p, c_double, PD, POINTER(oco_bwk_benchmark)),
    ("oco_bwk_run_opts_default", oco_bwk_run_opts),
    ("oco_bwk_run", c_int, c_void_p, c_void_p, POINTER(oco_bwk_run_opts),
     POINTER(oco_bwk_run_result), PSZ, PD),
    ("oco_bwk_setup_from_problem", None, c_void_p, POINTER(oco_bwk_setup)),
    # oobc.h, oobc_problem.h, oobc_model.h, oobc_runner.h
    ("oco_oobc_class_opts_default", oco_oobc_class_opts),
    ("oco_oobc_class_new", POINTER(oco_oobc_class), c_char_p, POINTER(oco_oobc_class_opts)),
    ("oco_oobc_class_free", None, POINTER(oco_oobc_class)),
    ("oco_oobc_class_names", c_char_p),
    ("oco_oobc_data_new", POINTER(oco_oobc_data), c_size_t, c_size_t, c_size_t, c_size_t),
    ("oco_oobc_data_free", None, POINTER(oco_oobc_data)),
    ("oco_oobc_data_check", c_int, POINTER(oco_oobc_data), POINTER(oco_oobc_class), c_size_t),
    ("oco_oobc_synth_opts_default", oco_oobc_synth_opts),
    ("oco_oobc_data_synthetic", POINTER(oco_oobc_data), POINTER(oco_oobc_class), c_size_t,
     c_size_t, c_uint64, POINTER(oco_oobc_synth_opts)),
    ("oco_oobc_data_read_csv", POINTER(oco_oobc_data), c_char_p, POINTER(oco_oobc_class)),
    ("oco_oobc_data_write_csv", c_int, POINTER(oco_oobc_data), c_char_p),
    ("oco_oobc_opt", c_int, POINTER(oco_oobc_class), c_size_t, PD, PD, PD, PD),
    ("oco_oobc_setup_default", oco_oobc_setup),
    ("oco_oobc_type_from_info", c_void_p, PINFO),
    ("oco_oobc_new", c_void_p, c_void_p, POINTER(oco_oobc_setup), PPARAM, c_size_t),
    ("oco_oobc_free", None, c_void_p), ("oco_oobc_begin", c_int, c_void_p, PD),
    ("oco_oobc_decide", c_int, c_void_p, PD, PD), ("oco_oobc_step", c_size_t, c_void_p),
    ("oco_oobc_remaining", PD, c_void_p), ("oco_oobc_episode_loss", c_double, c_void_p),
    ("oco_oobc_multiplier", c_int, c_void_p, PD),
    ("oco_oobc_save_state", c_int, c_void_p, c_char_p),
    ("oco_oobc_restore_state", c_int, c_void_p, c_char_p),
    ("oco_oobc_model_opts_default", oco_oobc_model_opts),
    ("oco_oobc_model_new", c_void_p, POINTER(oco_oobc_class), c_size_t,
     POINTER(oco_oobc_model_opts), PD),
    ("oco_oobc_model_free", None, c_void_p), ("oco_oobc_model_load", c_void_p, c_char_p),
    ("oco_oobc_model_save", c_int, c_void_p, c_char_p),
    ("oco_oobc_model_get_kind", c_int, c_void_p),
    ("oco_oobc_model_kind_name", c_char_p, c_int),
    ("oco_oobc_model_problem", c_char_p, c_void_p), ("oco_oobc_model_N", c_size_t, c_void_p),
    ("oco_oobc_model_nweights", c_size_t, c_void_p),
    ("oco_oobc_model_weights", PD, c_void_p),
    ("oco_oobc_train_opts_default", oco_oobc_train_opts),
    ("oco_oobc_train", c_int, c_void_p, POINTER(oco_oobc_class), POINTER(oco_oobc_data),
     POINTER(oco_oobc_data), POINTER(oco_oobc_train_opts), POINTER(oco_oobc_train_report)),
    ("oco_oobc_run_opts_default", oco_oobc_run_opts),
    ("oco_oobc_run", c_int, c_void_p, POINTER(oco_oobc_class), POINTER(oco_oobc_data),
     POINTER(oco_oobc_run_opts), POINTER(oco_oobc_run_result)),
]

for _p in _PROTOS:
    _fn(*_p)
del _p
