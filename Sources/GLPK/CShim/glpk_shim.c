/* glpk_shim.c: runs GLPK so that its fatal errors are survived.
 *
 * GLPK reports a bad argument (or a broken invariant) by printing a message
 * and calling abort(); before aborting it calls the error hook installed with
 * glp_error_hook(). Each guarded function here takes a setjmp() and installs a
 * hook that longjmps back to it, so the longjmp only ever unwinds C frames
 * (GLPK's and ours), never Swift's. GLPK's manual requires glp_free_env()
 * after such a jump: that frees every GLPK object of the thread, so we count
 * these events in a thread-local generation that Swift compares against.
 *
 * GLPK's environment (hooks, memory lists) is thread-local in Debian's build
 * (glp_config("TLS") is "_Thread_local"), so all state here is thread-local
 * too. Guarded functions do not nest.
 */
#include "CGLPK.h"

#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <string.h>

/* ---- Per-thread state ------------------------------------------------- */

enum { TERM_CAPACITY = 4096 };

/* Where the error hook jumps to; NULL outside a guarded call, in which case
   the hook returns and GLPK aborts as it would without us. */
static _Thread_local jmp_buf *tl_jump;
/* The tail of GLPK's terminal output during the current guarded call. */
static _Thread_local char tl_term[TERM_CAPACITY];
static _Thread_local size_t tl_term_len;
static _Thread_local uint64_t tl_generation;
static _Thread_local uint64_t tl_thread_id;
static _Atomic uint64_t next_thread_id = 1;

uint64_t cglpk_thread_id(void) {
  if (tl_thread_id == 0) {
    tl_thread_id = atomic_fetch_add(&next_thread_id, 1);
  }
  return tl_thread_id;
}

uint64_t cglpk_env_generation(void) { return tl_generation; }

/* ---- Hooks ------------------------------------------------------------- */

/* Captures every line GLPK prints; returning nonzero tells GLPK not to print
   it. The error message reaches us this way: GLPK switches terminal output
   on and prints the message before it calls the error hook. Keeps the tail,
   where the error message is, if the output is long. */
static int term_hook(void *info, const char *s) {
  (void)info;
  size_t n = strlen(s);
  if (n >= TERM_CAPACITY) {
    s += n - (TERM_CAPACITY - 1);
    n = TERM_CAPACITY - 1;
  }
  if (tl_term_len + n >= TERM_CAPACITY) {
    size_t drop = tl_term_len + n - (TERM_CAPACITY - 1);
    memmove(tl_term, tl_term + drop, tl_term_len - drop);
    tl_term_len -= drop;
  }
  memcpy(tl_term + tl_term_len, s, n);
  tl_term_len += n;
  tl_term[tl_term_len] = '\0';
  return 1;
}

static void error_hook(void *info) {
  (void)info;
  jmp_buf *target = tl_jump;
  if (target != NULL) {
    tl_jump = NULL;
    longjmp(*target, 1);
  }
  /* Not inside a guarded call: returning lets GLPK abort. */
}

/* ---- Guard ------------------------------------------------------------- */

static void copy_message(char *err, size_t err_cap) {
  if (err == NULL || err_cap == 0) return;
  size_t n = tl_term_len;
  while (n > 0 && (tl_term[n - 1] == '\n' || tl_term[n - 1] == ' ')) n--;
  if (n >= err_cap) n = err_cap - 1;
  memcpy(err, tl_term, n);
  err[n] = '\0';
}

static void guard_enter(jmp_buf *target) {
  tl_jump = target;
  tl_term_len = 0;
  tl_term[0] = '\0';
  /* A fresh environment (first use, or after glp_free_env) prints by
     default: switch it off on every call. */
  glp_term_out(GLP_OFF);
  glp_term_hook(term_hook, NULL);
  glp_error_hook(error_hook, NULL);
}

static void guard_leave(void) {
  glp_error_hook(NULL, NULL);
  glp_term_hook(NULL, NULL);
  tl_jump = NULL;
}

/* Runs after the longjmp: the environment is in an error state and must be
   freed; every problem object of this thread goes with it. */
static int guard_recover(char *err, size_t err_cap) {
  tl_jump = NULL;
  copy_message(err, err_cap);
  glp_free_env();
  tl_generation += 1;
  return CGLPK_ENV_ERROR;
}

/* setjmp must be called in the frame that stays alive while GLPK runs, so
   this is a macro, not a function. Nothing assigned after it is read on the
   error path. */
#define GUARD_BEGIN(err, err_cap)                                             \
  jmp_buf guard_jump;                                                         \
  if (setjmp(guard_jump) != 0) return guard_recover((err), (err_cap));        \
  guard_enter(&guard_jump)

#define GUARD_END() guard_leave()

/* ---- Problem building ------------------------------------------------- */

int cglpk_create_prob(const char *name, glp_prob **out, char *err,
                      size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  glp_prob *prob = glp_create_prob();
  if (name != NULL) glp_set_prob_name(prob, name);
  *out = prob;
  GUARD_END();
  return CGLPK_OK;
}

int cglpk_delete_prob(glp_prob *prob, char *err, size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  glp_delete_prob(prob);
  GUARD_END();
  return CGLPK_OK;
}

int cglpk_set_direction(glp_prob *prob, int dir, char *err, size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  glp_set_obj_dir(prob, dir);
  GUARD_END();
  return CGLPK_OK;
}

int cglpk_add_col(glp_prob *prob, int kind, int type, double lb, double ub,
                  double obj, const char *name, char *err, size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  int j = glp_add_cols(prob, 1);
  glp_set_col_kind(prob, j, kind);
  glp_set_col_bnds(prob, j, type, lb, ub);
  glp_set_obj_coef(prob, j, obj);
  if (name != NULL) glp_set_col_name(prob, j, name);
  GUARD_END();
  return CGLPK_OK;
}

int cglpk_add_row(glp_prob *prob, int type, double lb, double ub,
                  const char *name, int len, const int *ind, const double *val,
                  char *err, size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  int i = glp_add_rows(prob, 1);
  glp_set_row_bnds(prob, i, type, lb, ub);
  if (name != NULL) glp_set_row_name(prob, i, name);
  if (len > 0) glp_set_mat_row(prob, i, len, ind, val);
  GUARD_END();
  return CGLPK_OK;
}

int cglpk_set_objective(glp_prob *prob, int n, const double *obj, char *err,
                        size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  glp_set_obj_coef(prob, 0, 0.0);
  for (int j = 1; j <= n; j++) glp_set_obj_coef(prob, j, obj[j]);
  GUARD_END();
  return CGLPK_OK;
}

/* ---- MIP -------------------------------------------------------------- */

typedef struct {
  const double *initial;
  int offered;
  int accepted;
  int has_bound;
  double bound;
} mip_callback_state;

/* Called by glp_intopt at many points of the search. Records the best bound
   of the open nodes (GLPK does not keep it after glp_intopt returns) and, the
   first time GLPK asks for heuristic solutions, offers the start solution. */
static void mip_callback(glp_tree *tree, void *info) {
  mip_callback_state *state = info;
  int best = glp_ios_best_node(tree);
  if (best != 0) {
    double bound = glp_ios_node_bound(tree, best);
    if (fabs(bound) < DBL_MAX) {
      state->has_bound = 1;
      state->bound = bound;
    }
  }
  if (state->initial != NULL && !state->offered &&
      glp_ios_reason(tree) == GLP_IHEUR) {
    state->offered = 1;
    state->accepted = glp_ios_heur_sol(tree, state->initial) == 0;
  }
}

int cglpk_solve_mip(glp_prob *prob, const cglpk_mip_params *params,
                    cglpk_mip_outcome *out, char *err, size_t err_cap) {
  mip_callback_state state = {0};
  GUARD_BEGIN(err, err_cap);
  memset(out, 0, sizeof *out);
  out->initial_accepted = params->initial == NULL ? -1 : 0;
  state.initial = params->initial;

  glp_iocp iocp;
  glp_init_iocp(&iocp);
  iocp.msg_lev = GLP_MSG_OFF;
  if (params->time_limit_ms >= 0) iocp.tm_lim = params->time_limit_ms;
  if (params->mip_gap >= 0.0) iocp.mip_gap = params->mip_gap;
  if (params->gomory_cuts) iocp.gmi_cuts = GLP_ON;
  iocp.cb_func = mip_callback;
  iocp.cb_info = &state;

  int rc;
  if (params->initial == NULL) {
    iocp.presolve = GLP_ON;
    rc = glp_intopt(prob, &iocp);
  } else {
    /* Without the presolver glp_intopt needs an optimal LP basis first. */
    double started = glp_time();
    glp_smcp smcp;
    glp_init_smcp(&smcp);
    smcp.msg_lev = GLP_MSG_OFF;
    if (params->time_limit_ms >= 0) smcp.tm_lim = params->time_limit_ms;
    glp_scale_prob(prob, GLP_SF_AUTO);
    if (!params->warm_basis) glp_adv_basis(prob, 0);
    int lp_rc = glp_simplex(prob, &smcp);
    if (params->warm_basis &&
        (lp_rc == GLP_EBADB || lp_rc == GLP_ESING || lp_rc == GLP_ECOND)) {
      glp_adv_basis(prob, 0);
      lp_rc = glp_simplex(prob, &smcp);
    }
    out->lp_status = glp_get_status(prob);
    if (lp_rc != 0 || out->lp_status != GLP_OPT) {
      out->glpk_rc = lp_rc;
      out->rc_from_simplex = 1;
      out->mip_status = out->lp_status == GLP_NOFEAS ? GLP_NOFEAS : GLP_UNDEF;
      GUARD_END();
      return CGLPK_OK;
    }
    if (params->time_limit_ms >= 0) {
      double spent = glp_difftime(glp_time(), started) * 1000.0;
      double left = params->time_limit_ms - spent;
      iocp.tm_lim = left > 0.0 ? (int)left : 0;
    }
    iocp.presolve = GLP_OFF;
    rc = glp_intopt(prob, &iocp);
  }
  out->glpk_rc = rc;
  out->mip_status = glp_mip_status(prob);
  out->objective = glp_mip_obj_val(prob);
  out->has_bound = state.has_bound;
  out->best_bound = state.bound;
  if (params->initial != NULL) out->initial_accepted = state.accepted;
  GUARD_END();
  return CGLPK_OK;
}

/* ---- LP --------------------------------------------------------------- */

int cglpk_solve_lp(glp_prob *prob, int time_limit_ms, cglpk_lp_outcome *out,
                   char *err, size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  glp_smcp smcp;
  glp_init_smcp(&smcp);
  smcp.msg_lev = GLP_MSG_OFF;
  if (time_limit_ms >= 0) smcp.tm_lim = time_limit_ms;
  glp_scale_prob(prob, GLP_SF_AUTO);
  glp_adv_basis(prob, 0);
  out->glpk_rc = glp_simplex(prob, &smcp);
  out->status = glp_get_status(prob);
  out->objective = glp_get_obj_val(prob);
  GUARD_END();
  return CGLPK_OK;
}

int cglpk_column_values(glp_prob *prob, int mip, double *x, int n, char *err,
                        size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  for (int j = 1; j <= n; j++) {
    x[j] = mip ? glp_mip_col_val(prob, j) : glp_get_col_prim(prob, j);
  }
  GUARD_END();
  return CGLPK_OK;
}

/* ---- Files ------------------------------------------------------------ */

static int write_problem(glp_prob *prob, const char *path, int mps, char *err,
                         size_t err_cap) {
  int rc;
  GUARD_BEGIN(err, err_cap);
  /* Output on, so a failure's reason ("Unable to create ...") reaches the
     hook; the hook swallows it, so nothing is printed. */
  glp_term_out(GLP_ON);
  rc = mps ? glp_write_mps(prob, GLP_MPS_FILE, NULL, path)
           : glp_write_lp(prob, NULL, path);
  glp_term_out(GLP_OFF);
  GUARD_END();
  if (rc != 0) {
    copy_message(err, err_cap);
    return CGLPK_FAILED;
  }
  return CGLPK_OK;
}

int cglpk_write_lp(glp_prob *prob, const char *path, char *err,
                   size_t err_cap) {
  return write_problem(prob, path, 0, err, err_cap);
}

int cglpk_write_mps(glp_prob *prob, const char *path, char *err,
                    size_t err_cap) {
  return write_problem(prob, path, 1, err, err_cap);
}

/* ---- Tests ------------------------------------------------------------ */

int cglpk_test_trigger_error(char *err, size_t err_cap) {
  GUARD_BEGIN(err, err_cap);
  glp_prob *prob = glp_create_prob();
  /* The problem has no columns: GLPK reports "column number out of range"
     through its fatal error path. */
  glp_set_col_bnds(prob, 1, GLP_LO, 0.0, 0.0);
  glp_delete_prob(prob);
  GUARD_END();
  return CGLPK_OK;
}
