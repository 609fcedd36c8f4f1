//! Disjoint sets with path halving (Tarjan, "Efficiency of a good but not
//! linear set union algorithm", JACM 22 (1975)): the class-case and
//! repeat-caller detectors join linked tickets into problems with it.

/// Disjoint sets over `0..n`.
pub struct UnionFind(Vec<usize>);

impl UnionFind {
    /// `n` singletons.
    pub fn new(n: usize) -> UnionFind {
        UnionFind((0..n).collect())
    }

    /// The representative of `i`'s set (its smallest member).
    pub fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    /// Joins the sets of `a` and `b`.
    pub fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }

    /// The sets, each in increasing order, ordered by their smallest member.
    pub fn groups(&mut self) -> Vec<Vec<usize>> {
        let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for i in 0..self.0.len() {
            let r = self.find(i);
            by_root.entry(r).or_default().push(i);
        }
        by_root.into_values().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_transitively() {
        let mut u = UnionFind::new(5);
        u.union(3, 1);
        u.union(1, 4);
        assert_eq!(u.groups(), vec![vec![0], vec![1, 3, 4], vec![2]]);
    }
}
