from service import logging
