/* param.h -- typed model parameters: descriptors, values, "key=value" parsing.
 *
 * A model declares a const array of dmx_param_desc.  A dmx_params holds one value
 * per descriptor.  Every value is stored as a row-major array of doubles with a
 * shape, so scalars, vectors, matrices and lists of records share one code path:
 *   REAL/INT   1x1
 *   VEC        n x 1           (YAML list;  --set key=1,2,3  or key[i]=v)
 *   MAT        rows x cols     (YAML list of lists;  key[i][j]=v)
 *   RECS       n x nfields     (YAML list of maps;  key[i].field=v)
 *   CHOICE     1x1, the index into desc->choices (YAML/--set by name)
 * Indices are 0-based everywhere. */
#ifndef DMX_PARAM_H
#define DMX_PARAM_H

#include <stddef.h>
#include <stdatomic.h>
#include "err.h"

typedef enum {
    DMX_P_REAL, DMX_P_INT, DMX_P_VEC, DMX_P_MAT, DMX_P_RECS, DMX_P_CHOICE
} dmx_pkind;

enum {
    DMX_F_OPTIONAL  = 1 << 0, /* may be absent; the model supplies the meaning of absence */
    DMX_F_BROADCAST = 1 << 1, /* VEC: a single number is accepted and repeated to len_of */
    DMX_F_LO_OPEN   = 1 << 2, /* value must be > lo (not >=) */
    DMX_F_HI_OPEN   = 1 << 3, /* value must be < hi */
    DMX_F_INTEGER   = 1 << 4, /* every element must be an integer */
    DMX_F_SQUARE    = 1 << 5, /* MAT: rows == cols */
    DMX_F_NOSLIDER  = 1 << 6, /* not offered as a slider (e.g. a seed, a size) */
    DMX_F_SYMMETRIC = 1 << 7, /* MAT: kept symmetric; sliders on the upper triangle, a set
                                 of [i][j] also sets [j][i] */
    DMX_F_CHOICE    = 1 << 8, /* (slot flag only) the slot moves a CHOICE index */
    DMX_F_EXPLICIT  = 1 << 9  /* a setting that only some presets use: offered as a slider
                                 and written on save only once given (by the preset,
                                 --set or the user); its default applies otherwise */
};

/* One field of a RECS parameter (a column of its table). */
typedef struct dmx_field {
    const char *key, *label, *unit, *meaning;
    double lo, hi;            /* hard validity range */
    double smin, smax, step;  /* slider range and step */
    double def;               /* default for a new record */
    int flags;                /* DMX_F_LO_OPEN | DMX_F_HI_OPEN | DMX_F_INTEGER */
} dmx_field;

typedef struct dmx_param_desc {
    const char *key;          /* YAML / --set key */
    const char *label;        /* short label for sliders, e.g. "γ_u" */
    const char *unit;         /* "" when dimensionless */
    const char *meaning;      /* one line, shown in help and the man page */
    dmx_pkind kind;
    double lo, hi;            /* hard validity range of every element (±INFINITY allowed) */
    double smin, smax, step;  /* default slider range and step */
    double def;               /* scalar default, or element default when defv is NULL */
    const double *defv;       /* VEC/MAT/RECS default contents (row-major) or NULL */
    int def_rows, def_cols;   /* shape of defv (cols is 1 for VEC) */
    int flags;
    const char *len_of;       /* VEC/MAT: length (rows) must equal this param's rows */
    int min_len, max_len;     /* VEC/MAT/RECS rows; 0 = no limit */
    const dmx_field *fields;  /* RECS */
    int nfields;
    const char *const *choices; /* CHOICE: NULL-terminated names */
} dmx_param_desc;

/* Generic guard of the parameter layer: where a descriptor (or record field)
 * has no finite upper (lower) bound, values above +DMX_PARAM_MAX_ABS (below
 * -DMX_PARAM_MAX_ABS) are refused, so no unbounded input reaches a computation
 * as 1e308 and overflows it.  Subnormal numbers (0 < |x| < DBL_MIN) are refused
 * too.  Models state tighter ranges in their descriptors where they need them. */
#define DMX_PARAM_MAX_ABS 1e12

typedef struct dmx_pval {
    int set;                  /* 0 when an optional parameter is absent */
    int given;                /* set by a preset, an assignment or a slider (not a default) */
    int uniform;              /* BROADCAST VEC given as one number: every element equal,
                                 one slider, saved back as one number */
    int rows, cols;
    double *v;                /* rows*cols doubles, row-major */
} dmx_pval;

struct dmx_model;

typedef struct dmx_params {
    const struct dmx_model *model;
    int n;                    /* == model->nparams */
    dmx_pval *vals;
    /* First key model code asked for that the model does not have (a bug):
     * dmx_p() then returns an empty value reading as NaN, and dmx_compute fails
     * with DMX_EINTERNAL naming the key, in release builds too.  Written through
     * the const getters, hence atomic (grid cells may read params in parallel). */
    _Atomic(const char *) bad_key;
} dmx_params;

/* A "slot" is one scalar inside a parameter: what a slider moves. */
typedef struct dmx_slot {
    int param;                /* index into model->params */
    int row, col;             /* element (0,0 for scalars); row -1 = every element of a
                                 uniform (broadcast) vector */
    char name[64];            /* "gamma_u", "mass[1]", "cov[0][1]", "communities[1].value" */
    double lo, hi;            /* hard range (from the descriptor/field) */
    double smin, smax, step;  /* slider range (may be widened to contain the value) */
    int flags;
} dmx_slot;

/* New parameter set holding every default.  Returns NULL on allocation failure. */
dmx_params *dmx_params_new(const struct dmx_model *m);
void dmx_params_free(dmx_params *p);
/* Deep copy; NULL on allocation failure. */
dmx_params *dmx_params_dup(const dmx_params *p);
/* 1 when both hold the same values (bitwise on doubles). */
int dmx_params_equal(const dmx_params *a, const dmx_params *b);

/* Index of a parameter by key, or -1. */
int dmx_params_index(const struct dmx_model *m, const char *key);

/* Replaces the whole value of parameter `i` (shape rows x cols, data row-major).
 * Checks kind, shape and the hard range; on error nothing is changed. */
int dmx_params_set_array(dmx_params *p, int i, const double *v, int rows, int cols,
                         dmx_err *e);
/* Checks one element x destined for parameter i at (row, col) against its range
 * (used by the preset loader to report the element's own file position). */
int dmx_params_check_elem(const dmx_params *p, int i, int row, int col, double x, dmx_err *e);
/* Sets a BROADCAST vector to one number repeated to its len_of length (uniform). */
int dmx_params_set_uniform(dmx_params *p, int i, double x, dmx_err *e);
/* Marks an optional parameter absent. */
void dmx_params_unset(dmx_params *p, int i);

/* Applies "key=value" (see the header comment for the forms).  Values are checked
 * against their range; on error the parameters are unchanged and the message
 * names the key and the rule (or the nearest known key when the key is unknown). */
int dmx_params_assign(dmx_params *p, const char *assignment, dmx_err *e);

/* DMX_EINTERNAL "model X asked for unknown parameter 'k'" when model code
 * called a getter with a key the model does not have; DMX_OK otherwise. */
int dmx_params_check_keys(const dmx_params *p, dmx_err *e);

/* Checks every range and length rule, then the model's own validate().  */
int dmx_params_validate(const dmx_params *p, dmx_err *e);

/* Resolves "mass[1]", "gamma_u", "cov[0][1]", "communities[1].value" to a slot. */
int dmx_params_slot(const dmx_params *p, const char *name, dmx_slot *s, dmx_err *e);
/* Enumerates every slot of every set, slider-able parameter into s[0..max-1];
 * returns the total count (which may exceed max). */
int dmx_params_slots(const dmx_params *p, dmx_slot *s, int max);
double dmx_slot_get(const dmx_params *p, const dmx_slot *s);
/* Sets a slot; checks the hard range; on error nothing changes. */
int dmx_slot_set(dmx_params *p, const dmx_slot *s, double v, dmx_err *e);

/* Convenience getters for model code.  An unknown key is a bug in the model:
 * it is recorded in p->bad_key (see dmx_params_check_keys), dmx_p returns an
 * empty value (set 0, rows 0, v[0..15] NaN), dmx_p_num NaN, dmx_p_is_set 0 and
 * dmx_p_choice NULL. */
const dmx_pval *dmx_p(const dmx_params *p, const char *key);
double dmx_p_num(const dmx_params *p, const char *key);
int dmx_p_is_set(const dmx_params *p, const char *key);
/* For CHOICE: the chosen name. */
const char *dmx_p_choice(const dmx_params *p, const char *key);

/* Formats a number the way every view prints it: no "-0", no NaN/Inf
 * (printed as "—" / "n/a" in ascii), %.*g-like with `sig` significant digits. */
char *dmx_fmt_num(char *buf, size_t n, double v, int sig);

/* Shortest decimal form ("%.*g", 6..17 digits) that reads back as exactly v;
 * used wherever numbers are written for machines (YAML, JSON, CSV).  -0 → "0". */
char *dmx_fmt_exact(char *buf, size_t n, double v);

/* Parses the whole of s as a finite decimal number (leading/trailing text
 * refused; "inf", "nan" and overflow refused; underflow such as 1e-320 reads
 * as the nearest subnormal or 0).  Returns 0 and sets *out, or -1. */
int dmx_parse_double(const char *s, double *out);

/* Levenshtein distance, used for "did you mean" suggestions. */
int dmx_edit_distance(const char *a, const char *b);

#endif
