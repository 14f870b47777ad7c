/** The `slots` project's share of the slot rule's random cases on every: schedules (slot-rule.cases.ts). */
import { randomCases } from './slot-rule.cases';

randomCases('every');
