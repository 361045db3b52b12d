"""Evaluation on labelled data: verdicts (`claimcheck eval`) and check-worthiness
(`claimcheck eval-checkworthy`)."""
