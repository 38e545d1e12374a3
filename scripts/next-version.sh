#!/usr/bin/env bash
# projen's bump:next-version (nextVersionCommand): the first release is 0.1.0; once a release tag
# exists it prints nothing, and the conventional commits since that tag decide the bump.
if ! git describe --tags --abbrev=0 --match 'v*' >/dev/null 2>&1; then
  echo 0.1.0
fi
