/* CGLPK.h: GLPK 5.0 plus a shim that makes its fatal errors recoverable.
 *
 * GLPK aborts the process on a bad argument. Every shim function below that
 * touches a problem runs GLPK under an error hook that longjmps back to a
 * setjmp taken inside that same C function, so a longjmp never crosses a
 * Swift frame. After a recovered error the shim calls glp_free_env(), which
 * frees every GLPK object of the calling thread, and bumps a thread-local
 * environment generation so Swift can tell that older problems are gone.
 *
 * All terminal output of GLPK is captured per thread and never printed: the
 * allocation plan may be going to stdout.
 */
#ifndef CGLPK_H
#define CGLPK_H

#include <glpk.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status of a shim call. */
enum {
  /* GLPK returned normally (its own return code is reported separately). */
  CGLPK_OK = 0,
  /* GLPK called its error hook: the call was abandoned, glp_free_env() ran,
     every problem object of this thread is gone; message in the buffer. */
  CGLPK_ENV_ERROR = 1,
  /* GLPK reported a failure without a fatal error (for example a file that
     cannot be written); its message, if any, is in the buffer. */
  CGLPK_FAILED = 2
};

/* Identity of the calling thread, unique for the life of the process (never
   reused, unlike pthread ids). GLPK keeps its environment per thread. */
uint64_t cglpk_thread_id(void);

/* Generation of this thread's GLPK environment: starts at 0 and grows by one
   on every recovered GLPK error (each of which called glp_free_env()). */
uint64_t cglpk_env_generation(void);

/* Creates a problem object (name may be NULL) and stores it in *out. */
int cglpk_create_prob(const char *name, glp_prob **out, char *err,
                      size_t err_cap);

/* Deletes a problem object created on this thread in this generation. */
int cglpk_delete_prob(glp_prob *prob, char *err, size_t err_cap);

/* Sets the optimization direction (GLP_MIN or GLP_MAX). */
int cglpk_set_direction(glp_prob *prob, int dir, char *err, size_t err_cap);

/* Appends one column: kind (GLP_CV/GLP_IV), bound type (GLP_FR...GLP_FX) with
   its bounds, objective coefficient and optional name (NULL for none). */
int cglpk_add_col(glp_prob *prob, int kind, int type, double lb, double ub,
                  double obj, const char *name, char *err, size_t err_cap);

/* Appends one row: bound type with bounds, optional name and its sparse
   coefficients ind[1..len], val[1..len] (1-based as GLPK wants them). */
int cglpk_add_row(glp_prob *prob, int type, double lb, double ub,
                  const char *name, int len, const int *ind, const double *val,
                  char *err, size_t err_cap);

/* Sets every objective coefficient: obj[1..n] for the n columns (obj[0]
   unused), and the constant term to 0. */
int cglpk_set_objective(glp_prob *prob, int n, const double *obj, char *err,
                        size_t err_cap);

/* Options of one MIP solve. */
typedef struct {
  /* time limit in milliseconds; negative for none */
  int time_limit_ms;
  /* relative MIP gap tolerance; negative for GLPK's default (0) */
  double mip_gap;
  /* optional integer-feasible start, x[1..n] (x[0] unused); NULL for none */
  const double *initial;
  /* nonzero: generate Gomory's mixed integer cuts (glp_iocp.gmi_cuts) */
  int gomory_cuts;
  /* nonzero, with a start: begin the LP relaxation from the problem's current
     basis (the last solve's, kept valid by rows and columns added since)
     instead of building an advanced one; a basis GLPK cannot factorize is
     replaced by an advanced one */
  int warm_basis;
} cglpk_mip_params;

/* What a MIP solve produced. */
typedef struct {
  /* glp_intopt's return code (0, GLP_ETMLIM, GLP_EMIPGAP, GLP_ENOPFS...), or
     glp_simplex's when the LP relaxation solved before B&B stopped early */
  int glpk_rc;
  /* 1 if glpk_rc came from glp_simplex, 0 if from glp_intopt */
  int rc_from_simplex;
  /* glp_mip_status after the solve */
  int mip_status;
  /* glp_get_status of the LP relaxation when the shim solved it itself,
     otherwise 0 */
  int lp_status;
  /* glp_mip_obj_val */
  double objective;
  /* best bound seen in the branch-and-bound tree, if has_bound */
  int has_bound;
  double best_bound;
  /* -1: no start given; 0: given but not used (rejected, or GLPK never asked
     because no fractional LP solution needed a heuristic); 1: accepted */
  int initial_accepted;
} cglpk_mip_outcome;

/* Solves the MIP with glp_intopt. Without a start solution the MIP presolver
   is on. With one, the shim solves the LP relaxation itself and runs
   glp_intopt without presolve, because glp_ios_heur_sol takes values for the
   columns of the problem in the tree, which the presolver replaces by its own
   transformed problem. */
int cglpk_solve_mip(glp_prob *prob, const cglpk_mip_params *params,
                    cglpk_mip_outcome *out, char *err, size_t err_cap);

/* What an LP solve produced. */
typedef struct {
  int glpk_rc;   /* glp_simplex's return code */
  int status;    /* glp_get_status */
  double objective;
} cglpk_lp_outcome;

/* Solves the LP relaxation (integrality ignored) with glp_simplex. */
int cglpk_solve_lp(glp_prob *prob, int time_limit_ms, cglpk_lp_outcome *out,
                   char *err, size_t err_cap);

/* Copies the values of columns 1..n into x[1..n] (x[0] unused, as in all of
   GLPK's arrays): the MIP solution if mip != 0, else the basic LP solution. */
int cglpk_column_values(glp_prob *prob, int mip, double *x, int n, char *err,
                        size_t err_cap);

/* Writes the problem in CPLEX LP format / free MPS format. */
int cglpk_write_lp(glp_prob *prob, const char *path, char *err,
                   size_t err_cap);
int cglpk_write_mps(glp_prob *prob, const char *path, char *err,
                    size_t err_cap);

/* For tests only: makes GLPK hit a real fatal error (glp_set_col_bnds on a
   column that does not exist) and recovers from it like any other call. */
int cglpk_test_trigger_error(char *err, size_t err_cap);

#ifdef __cplusplus
}
#endif

#endif /* CGLPK_H */
